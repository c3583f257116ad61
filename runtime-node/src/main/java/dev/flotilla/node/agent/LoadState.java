package dev.flotilla.node.agent;

/** systemd's LOAD column: a unit the agent holds a spec for is {@code loaded}; one it doesn't know is
 * {@code not-found}. */
public enum LoadState {
    LOADED, NOT_FOUND;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
