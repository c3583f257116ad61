package dev.flotilla.core.unit;

import java.util.List;

/**
 * A {@code Key=value} assignment. The value is what systemd sees: continuation lines joined (each trailing backslash
 * becomes a space, comment lines inside the continuation are skipped) and surrounding whitespace stripped. Quoting and
 * escapes are left in the value; the typed readers ({@link Words}, {@link ExecLine}, ...) interpret them.
 */
public final class Entry extends Element {
    private final String key;
    private final String value;
    private final int keyColumn;
    private final int valueOffset;
    private final int[] segmentOffsets;
    private final int[] segmentLines;

    Entry(List<RawLine> lines, String section, String key, String value, int keyColumn, int valueOffset,
          int[] segmentOffsets, int[] segmentLines, List<LocalProblem> problems) {
        super(lines, section, problems);
        this.key = key;
        this.value = value;
        this.keyColumn = keyColumn;
        this.valueOffset = valueOffset;
        this.segmentOffsets = segmentOffsets;
        this.segmentLines = segmentLines;
    }

    Entry withProblems(List<LocalProblem> all) {
        return new Entry(rawLines(), section(), key, value, keyColumn, valueOffset, segmentOffsets, segmentLines, all);
    }

    Entry withLines(List<RawLine> lines) {
        return new Entry(lines, section(), key, value, keyColumn, valueOffset, segmentOffsets, segmentLines, problems());
    }

    public String key() {
        return key;
    }

    public String value() {
        return value;
    }

    /** 1-based column of the key on {@link #line()}. */
    public int column() {
        return keyColumn;
    }

    /** True for {@code Key=} with nothing after it, which resets a list-valued key. */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** True when the value is continued over more than one physical line. */
    public boolean isContinued() {
        return rawLines().size() > 1;
    }

    /** Where the value starts. */
    public Position valuePosition() {
        return positionOf(0);
    }

    /**
     * Where the character at {@code index} of {@link #value()} was in the file, following continuation lines. Indexes
     * outside the value are clamped to its ends.
     */
    public Position positionOf(int index) {
        int i = Math.max(0, Math.min(index, value.length()));
        int offset = valueOffset + i;
        int seg = 0;
        for (int s = 1; s < segmentOffsets.length; s++) {
            if (segmentOffsets[s] <= offset) {
                seg = s;
            } else {
                break;
            }
        }
        return new Position(line() + segmentLines[seg], offset - segmentOffsets[seg] + 1);
    }

    /** Relative indexes (within {@link #rawLines()}) of comment lines inside the continuation. */
    List<Integer> commentLineIndexes() {
        java.util.ArrayList<Integer> out = new java.util.ArrayList<>();
        int seg = 0;
        for (int i = 0; i < rawLines().size(); i++) {
            if (seg < segmentLines.length && segmentLines[seg] == i) {
                seg++;
            } else {
                out.add(i);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return (section() == null ? "" : "[" + section() + "] ") + key + "=" + value;
    }
}
