package dev.flotilla.node.agent;

import dev.flotilla.node.agent.process.Signals;
import java.util.Map;

/**
 * How a process ended, printed as systemd does: {@code code=exited, status=1/FAILURE} or
 * {@code code=killed, status=15/TERM}.
 *
 * @param code   {@code exited}, {@code killed}, or {@code unknown} (a re-adopted process whose status the
 *               agent could not collect because it is not its child)
 * @param status exit status, or signal number when killed
 */
public record ExitStatus(String code, int status) {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "SUCCESS"), Map.entry(1, "FAILURE"), Map.entry(2, "INVALIDARGUMENT"),
            Map.entry(3, "NOTIMPLEMENTED"), Map.entry(4, "NOPERMISSION"), Map.entry(5, "NOTINSTALLED"),
            Map.entry(6, "NOTCONFIGURED"), Map.entry(7, "NOTRUNNING"), Map.entry(200, "CHDIR"),
            Map.entry(203, "EXEC"), Map.entry(209, "STDOUT"), Map.entry(226, "NAMESPACE"));

    /** The status of a program that could not be executed (systemd's 203/EXEC). */
    public static final ExitStatus EXEC_FAILED = new ExitStatus("exited", 203);
    /** The status of a command whose working directory is missing (systemd's 200/CHDIR). */
    public static final ExitStatus CHDIR_FAILED = new ExitStatus("exited", 200);
    /** The status of a process that ended while nobody could collect its status. */
    public static final ExitStatus UNKNOWN = new ExitStatus("unknown", 0);

    public static ExitStatus exited(int status) {
        return new ExitStatus("exited", status);
    }

    public static ExitStatus killed(int signal) {
        return new ExitStatus("killed", signal);
    }

    /**
     * Java reports death by signal N as exit value 128+N; such values are read back as signals (a program that
     * really exits with 129..159 is misreported; a known limit of {@link Process#exitValue()}).
     */
    public static ExitStatus fromExitValue(int value) {
        return value > 128 && value < 128 + 32 ? killed(value - 128) : exited(value);
    }

    public boolean isKilled() {
        return code.equals("killed");
    }

    /** {@code code=exited, status=1/FAILURE}. */
    public String describe() {
        if (code.equals("unknown")) {
            return "code=unknown";
        }
        String name = isKilled() ? Signals.name(status) : NAMES.get(status);
        return "code=" + code + ", status=" + status + (name == null ? "" : "/" + name);
    }
}
