package dev.flotilla.core.unit;

import java.util.List;

/**
 * One logical line of a unit file and the physical lines it was read from: a section header, an entry (possibly
 * continued over several lines, with comment lines inside), a comment, a blank line, or a line that is none of these.
 * A file is the concatenation of its elements' raw lines, so an unchanged element writes back byte for byte.
 */
public abstract sealed class Element permits SectionHeader, Entry, CommentLine, BlankLine, InvalidLine {

    /** A syntax problem of this element, at a line relative to its first line. */
    record LocalProblem(int relativeLine, int column, Severity severity, String key, String message) { }

    private final List<RawLine> lines;
    private final String section;
    private final List<LocalProblem> problems;
    int firstLine; // maintained by UnitFile: 1-based number of this element's first physical line

    Element(List<RawLine> lines, String section, List<LocalProblem> problems) {
        this.lines = List.copyOf(lines);
        this.section = section;
        this.problems = List.copyOf(problems);
    }

    /** The physical lines this element spans, in file order. */
    public List<RawLine> rawLines() {
        return lines;
    }

    /** 1-based number of the first physical line. */
    public int line() {
        return firstLine;
    }

    /** 1-based number of the last physical line. */
    public int lastLine() {
        return firstLine + lines.size() - 1;
    }

    /** The section this element is in (for a header, the section it opens); {@code null} before the first header. */
    public String section() {
        return section;
    }

    List<LocalProblem> problems() {
        return problems;
    }
}
