package dev.flotilla.node.cli;

/**
 * Ends a verb with a message for stderr (printed exactly as given, one line) and an exit status.
 * Verbs throw it instead of calling System.exit, so they stay testable in-process.
 */
public final class CliFailure extends RuntimeException {
    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
