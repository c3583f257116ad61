package dev.flotilla.node.engine;

import java.util.Map;

/** What the engine knows of a live machine: its ID and metadata. */
public record MachineView(String id, Map<String, String> metadata) {
    public MachineView {
        metadata = Map.copyOf(metadata);
    }
}
