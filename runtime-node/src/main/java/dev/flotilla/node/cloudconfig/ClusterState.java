package dev.flotilla.node.cloudconfig;

/** etcd's {@code initial-cluster-state}: bootstrap a new cluster or join an existing one. */
public enum ClusterState {
    NEW("new"), EXISTING("existing");

    private final String flagValue;

    ClusterState(String flagValue) {
        this.flagValue = flagValue;
    }

    public String flagValue() {
        return flagValue;
    }
}
