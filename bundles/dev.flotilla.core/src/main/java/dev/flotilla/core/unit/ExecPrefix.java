package dev.flotilla.core.unit;

/** The special characters that may precede the executable path of an Exec line (systemd.service, "Command lines"). */
public enum ExecPrefix {
    /** {@code -}: a failing exit status is recorded but not treated as failure. */
    IGNORE_FAILURE("-"),
    /** {@code @}: the second word is passed as argv[0] instead of the path. */
    ARGV0("@"),
    /** {@code :}: no environment variable substitution. */
    NO_ENVIRONMENT_EXPANSION(":"),
    /** {@code +}: runs with full privileges (no User=, sandboxing). */
    FULL_PRIVILEGES("+"),
    /** {@code !}: runs with elevated privileges but User=/Group= still change the credentials. */
    NO_SETUID("!"),
    /** {@code !!}: like {@code !} but only on systems without ambient capabilities. */
    AMBIENT_FALLBACK("!!"),
    /** {@code |}: the command line is run by the user's login shell. */
    VIA_SHELL("|");

    private final String symbol;

    ExecPrefix(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
