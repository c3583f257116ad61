package dev.flotilla.node.agent;

/** Why a unit ended, as systemd's {@code Result=} property ({@code Failed with result 'exit-code'}). */
public enum UnitResult {
    SUCCESS, RESOURCES, TIMEOUT, EXIT_CODE, SIGNAL, CORE_DUMP, WATCHDOG, START_LIMIT_HIT;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
