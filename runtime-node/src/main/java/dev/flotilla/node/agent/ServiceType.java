package dev.flotilla.node.agent;

/**
 * {@code Type=} of a service, as far as it makes sense without systemd:
 * SIMPLE and EXEC are running once the program has been executed (Java reports a failed exec as a failed start, so
 * both behave like systemd's {@code exec}); ONESHOT runs its ExecStart commands to completion; FORKING waits for the
 * started process to exit successfully and then tracks what it left behind (PIDFile when given, else the
 * invocation's processes). {@code notify}/{@code dbus}/{@code idle} map to EXEC.
 */
public enum ServiceType {
    SIMPLE, EXEC, FORKING, ONESHOT
}
