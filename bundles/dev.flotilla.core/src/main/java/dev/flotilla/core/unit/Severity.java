package dev.flotilla.core.unit;

/** How bad a {@link Diagnostic} is: an error makes the unit unacceptable, a warning only points at a likely mistake. */
public enum Severity {
    ERROR("error"),
    WARNING("warning");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** The lower-case word used in {@code file:line:col: error: ...} output. */
    public String label() {
        return label;
    }
}
