package dev.flotilla.core.unit;

import java.util.List;

/**
 * A logical line that is neither header, entry, comment nor blank (a stray word, a git conflict marker, an
 * {@code =value} without key). It is kept verbatim and always carries an error.
 */
public final class InvalidLine extends Element {
    InvalidLine(List<RawLine> lines, String section, List<LocalProblem> problems) {
        super(lines, section, problems);
    }
}
