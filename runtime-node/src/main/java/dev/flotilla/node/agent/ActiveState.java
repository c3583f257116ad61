package dev.flotilla.node.agent;

/** systemd's ACTIVE column. */
public enum ActiveState {
    ACTIVE, RELOADING, INACTIVE, FAILED, ACTIVATING, DEACTIVATING;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
