package dev.flotilla.core.unit;

import java.util.Comparator;
import java.util.Objects;

/**
 * One problem found in a unit file, pointing at a 1-based line and column.
 *
 * @param file     the file name the unit was read from (as given to the parser)
 * @param line     1-based physical line; 0 when the problem concerns the whole file (e.g. its name)
 * @param column   1-based column (in UTF-16 chars); 0 together with line 0
 * @param severity error or warning
 * @param section  the section the problem is in, or {@code null}
 * @param key      the key the problem is about, or {@code null}
 * @param message  what is wrong and what was expected
 */
public record Diagnostic(String file, int line, int column, Severity severity, String section, String key,
                         String message) {

    /** File order: by line, then column, errors before warnings. */
    public static final Comparator<Diagnostic> ORDER = Comparator.comparingInt(Diagnostic::line)
            .thenComparingInt(Diagnostic::column)
            .thenComparing(Diagnostic::severity);

    public Diagnostic {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line:col: error|warning: [Section] Key: message}, the format of {@code flotilla unit check}. */
    public String format() {
        StringBuilder b = new StringBuilder();
        b.append(file).append(':').append(line).append(':').append(column).append(": ")
                .append(severity.label()).append(": ");
        if (section != null && key != null) {
            b.append('[').append(section).append("] ").append(key).append(": ");
        } else if (section != null) {
            b.append('[').append(section).append("]: ");
        } else if (key != null) {
            b.append(key).append(": ");
        }
        return b.append(message).toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
