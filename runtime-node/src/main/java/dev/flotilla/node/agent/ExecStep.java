package dev.flotilla.node.agent;

import java.util.List;
import java.util.Objects;

/**
 * One command of an {@code Exec*=} setting.
 *
 * @param argv          the command line, already split and with variables expanded; argv[0] is the program
 * @param ignoreFailure the {@code -} prefix: a failing exit status is logged but does not fail the unit
 * @param otherPrefixes the other prefixes as written ({@code @ : + ! !!}); they are accepted and recorded but change
 *                      nothing here, since the agent runs every command as its own user and expands nothing
 */
public record ExecStep(List<String> argv, boolean ignoreFailure, String otherPrefixes) {
    public ExecStep {
        argv = List.copyOf(Objects.requireNonNull(argv, "argv"));
        otherPrefixes = otherPrefixes == null ? "" : otherPrefixes;
    }

    /** A command without prefixes. */
    public static ExecStep of(String... argv) {
        return new ExecStep(List.of(argv), false, "");
    }

    /** A command with the {@code -} prefix. */
    public static ExecStep ignoringFailure(String... argv) {
        return new ExecStep(List.of(argv), true, "");
    }

    /** The command as systemd would print it, for journal lines. */
    public String display() {
        return (ignoreFailure ? "-" : "") + otherPrefixes + String.join(" ", argv);
    }
}
