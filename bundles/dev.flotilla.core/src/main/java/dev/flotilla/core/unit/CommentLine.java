package dev.flotilla.core.unit;

import java.util.List;

/** A line whose first non-blank character is {@code #} or {@code ;}. */
public final class CommentLine extends Element {
    CommentLine(List<RawLine> lines, String section) {
        super(lines, section, List.of());
    }

    public String text() {
        return rawLines().get(0).text();
    }
}
