package dev.flotilla.node.cloudconfig;

import java.util.List;
import java.util.Optional;

/**
 * One {@code coreos.units} entry: a systemd unit to write, enable, mask and/or act on at boot.
 *
 * @param content the unit file text; empty when the entry only acts on an existing unit
 * @param enable enable the unit ({@code [Install]} section) in addition to any command
 * @param runtime write it under the runtime directory (lost on reboot) instead of the persistent one
 * @param mask mask the unit so it cannot be started
 * @param at where the entry starts in the file
 */
public record UnitSpec(
        String name,
        Optional<UnitCommand> command,
        Optional<String> content,
        boolean enable,
        boolean runtime,
        boolean mask,
        List<DropIn> dropIns,
        Position at) {

    public UnitSpec {
        dropIns = List.copyOf(dropIns);
    }

    /** A drop-in ({@code <unit>.d/<name>}) that amends a unit. */
    public record DropIn(String name, String content, Position at) {
    }
}
