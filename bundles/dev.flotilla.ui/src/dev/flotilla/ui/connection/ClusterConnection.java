package dev.flotilla.ui.connection;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The cluster the workbench is pointed at and the last thing learned about reaching it. Views report
 * here after each call; the status line and the views listen. Thread-safe: jobs report from worker
 * threads, listeners must hop to the UI thread themselves.
 */
public final class ClusterConnection {

    /** How reaching the cluster went last time. */
    public enum State {
        /** No endpoint (e.g. the one given at launch was invalid). */
        NOT_CONNECTED,
        /** A request is under way. */
        CONNECTING,
        /** The last request was answered. */
        CONNECTED,
        /** The last request failed: refused, timed out, or an answer that is not the etcd v2 API. */
        UNREACHABLE
    }

    /**
     * @param state    how it went
     * @param endpoint the endpoint asked, or {@code null} when there is none
     * @param detail   a human sentence (key count, or what went wrong)
     */
    public record Status(State state, ClusterEndpoint endpoint, String detail) {
        public Status {
            Objects.requireNonNull(state, "state");
            detail = detail == null ? "" : detail;
        }
    }

    /** Told about endpoint changes (reload!) and status changes (show it!), on any thread. */
    public interface Listener {
        default void endpointChanged(ClusterEndpoint endpoint) {
        }

        default void statusChanged(Status status) {
        }
    }

    private static final ClusterConnection ACTIVE = new ClusterConnection();

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile ClusterEndpoint endpoint;
    private volatile Status status = new Status(State.NOT_CONNECTED, null, "No cluster selected");

    /** The connection of this workbench (one cluster at a time for now). */
    public static ClusterConnection active() {
        return ACTIVE;
    }

    /** @return the endpoint to talk to, or {@code null} when none is set */
    public ClusterEndpoint endpoint() {
        return endpoint;
    }

    public Status status() {
        return status;
    }

    /** Points the workbench at another cluster; listeners reload. */
    public void connect(ClusterEndpoint newEndpoint) {
        Objects.requireNonNull(newEndpoint, "endpoint");
        endpoint = newEndpoint;
        for (Listener l : listeners) {
            l.endpointChanged(newEndpoint);
        }
    }

    /** Forgets the endpoint, e.g. because the one given at launch was not a URL. */
    public void disconnect(String why) {
        endpoint = null;
        report(new Status(State.NOT_CONNECTED, null, why));
    }

    public void report(Status newStatus) {
        status = Objects.requireNonNull(newStatus, "status");
        for (Listener l : listeners) {
            l.statusChanged(newStatus);
        }
    }

    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }
}
