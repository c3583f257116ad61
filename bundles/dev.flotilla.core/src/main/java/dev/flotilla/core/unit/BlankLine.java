package dev.flotilla.core.unit;

import java.util.List;

/** An empty or whitespace-only line. */
public final class BlankLine extends Element {
    BlankLine(List<RawLine> lines, String section) {
        super(lines, section, List.of());
    }
}
