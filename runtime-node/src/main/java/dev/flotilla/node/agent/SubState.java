package dev.flotilla.node.agent;

/** systemd's SUB column for services, each with the ACTIVE state it implies (systemd's service state table). */
public enum SubState {
    DEAD(ActiveState.INACTIVE),
    START_PRE(ActiveState.ACTIVATING),
    START(ActiveState.ACTIVATING),
    START_POST(ActiveState.ACTIVATING),
    RUNNING(ActiveState.ACTIVE),
    EXITED(ActiveState.ACTIVE),
    RELOAD(ActiveState.RELOADING),
    STOP(ActiveState.DEACTIVATING),
    STOP_SIGTERM(ActiveState.DEACTIVATING),
    STOP_SIGKILL(ActiveState.DEACTIVATING),
    STOP_POST(ActiveState.DEACTIVATING),
    FINAL_SIGTERM(ActiveState.DEACTIVATING),
    FINAL_SIGKILL(ActiveState.DEACTIVATING),
    FAILED(ActiveState.FAILED),
    AUTO_RESTART(ActiveState.ACTIVATING);

    private final ActiveState active;

    SubState(ActiveState active) {
        this.active = active;
    }

    public ActiveState active() {
        return active;
    }

    /** The spelling systemctl prints: {@code stop-sigterm}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
