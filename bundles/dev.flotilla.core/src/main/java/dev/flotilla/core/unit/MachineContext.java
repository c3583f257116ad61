package dev.flotilla.core.unit;

/**
 * What specifiers need to know about the machine a unit runs on: hostname ({@code %H}), machine ID ({@code %m},
 * 32 hex digits) and boot ID ({@code %b}). Any may be {@code null} when unknown; resolving its specifier is then an
 * error.
 */
public record MachineContext(String hostname, String machineId, String bootId) {
    public static final MachineContext UNKNOWN = new MachineContext(null, null, null);
}
