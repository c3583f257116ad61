package dev.flotilla.node.journal;

/** Where a journal line came from. The single-letter code is what the on-disk format stores. */
public enum JournalStream {
    /** The unit's standard output. */
    STDOUT('o', "stdout"),
    /** The unit's standard error. */
    STDERR('e', "stderr"),
    /** The agent itself: {@code Starting X...}, exit statuses, restarts. */
    AGENT('a', "agent");

    private final char code;
    private final String label;

    JournalStream(char code, String label) {
        this.code = code;
        this.label = label;
    }

    char code() {
        return code;
    }

    /** The lower-case name used in JSON ({@code stdout}, {@code stderr}, {@code agent}). */
    public String label() {
        return label;
    }

    static JournalStream ofCode(char c) {
        for (JournalStream s : values()) {
            if (s.code == c) {
                return s;
            }
        }
        return null;
    }
}
