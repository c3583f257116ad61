package dev.flotilla.core.unit;

import java.util.List;

/** A {@code [Name]} line opening a section. */
public final class SectionHeader extends Element {
    SectionHeader(List<RawLine> lines, String name, List<LocalProblem> problems) {
        super(lines, name, problems);
    }

    public String name() {
        return section();
    }

    @Override
    public String toString() {
        return "[" + name() + "]";
    }
}
