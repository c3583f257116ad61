package dev.flotilla.core.unit;

/**
 * A problem inside one value, at a character offset of that value; {@link #toDiagnostic} maps it to the file
 * position through {@link Entry#positionOf(int)}, following continuation lines.
 */
public record ValueProblem(int offset, Severity severity, String message) {

    public static ValueProblem error(int offset, String message) {
        return new ValueProblem(offset, Severity.ERROR, message);
    }

    public static ValueProblem warning(int offset, String message) {
        return new ValueProblem(offset, Severity.WARNING, message);
    }

    public Diagnostic toDiagnostic(String file, Entry entry) {
        Position p = entry.positionOf(offset);
        return new Diagnostic(file, p.line(), p.column(), severity, entry.section(), entry.key(), message);
    }
}
