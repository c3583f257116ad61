package dev.flotilla.ui.connection;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.equinox.security.storage.StorageException;

import dev.flotilla.core.api.Member;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.ConfigException;
import dev.flotilla.core.client.KeysClient;

/**
 * The cluster the workbench acts on and how it is doing. {@link #connect(ClusterProfile)} builds the
 * client and starts a health monitor (a background job) that asks the members for their health and the
 * leader; when the cluster stops answering the status says so and the monitor keeps trying with growing
 * pauses, and views are told {@link Listener#reconnected()} when it answers again so they resume their
 * watches. Thread-safe; listeners are called on any thread and hop to the UI thread themselves.
 */
public final class ClusterConnection {

    /** How reaching the cluster goes. */
    public enum State {
        /** No cluster selected. */
        NOT_CONNECTED,
        /** Selected, first answer not in yet. */
        CONNECTING,
        /** The last health check was answered. */
        CONNECTED,
        /** The last health check failed; retrying. */
        UNREACHABLE
    }

    /**
     * @param state   how it goes
     * @param profile the cluster, or null when none is selected
     * @param health  e.g. "healthy 3/3" or "degraded 2/3", empty when unknown
     * @param leader  the Raft leader's member name, empty when unknown
     * @param detail  a human sentence: why it is unreachable, or what is configured wrong
     */
    public record Status(State state, ClusterProfile profile, String health, String leader, String detail) {
        public Status {
            Objects.requireNonNull(state, "state");
            health = health == null ? "" : health;
            leader = leader == null ? "" : leader;
            detail = detail == null ? "" : detail;
        }
    }

    /** Told about switches and status changes, on any thread. */
    public interface Listener {
        /** Another cluster is now the active one (or none, with null): reload everything. */
        default void clusterChanged(ClusterProfile profile) {
        }

        /** The active cluster answers again after being unreachable: resume watches from a fresh read. */
        default void reconnected() {
        }

        default void statusChanged(Status status) {
        }
    }

    private static final long CHECK_EVERY_MS = 3000;
    private static final long MAX_BACKOFF_MS = 8000;
    private static final ClusterConnection ACTIVE = new ClusterConnection();

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile ClusterProfile profile;
    private volatile KeysClient client;
    private volatile Status status = new Status(State.NOT_CONNECTED, null, "", "", "No cluster selected");
    private volatile HealthMonitor monitor;

    /** The connection of this workbench: one active cluster at a time, switched in the Connections view. */
    public static ClusterConnection active() {
        return ACTIVE;
    }

    public ClusterProfile profile() {
        return profile;
    }

    /** The etcd v2 client of the active cluster, or null when none is connected. */
    public KeysClient client() {
        return client;
    }

    public Status status() {
        return status;
    }

    /**
     * Makes {@code newProfile} the active cluster. A configuration the client refuses (unreadable TLS
     * file, no endpoint) leaves the workbench disconnected with the reason in the status.
     *
     * @return true when the client could be built
     */
    public boolean connect(ClusterProfile newProfile) {
        Objects.requireNonNull(newProfile, "profile");
        stopMonitor();
        KeysClient built;
        try {
            String password = newProfile.username() == null ? null : SecretStore.password(newProfile.id());
            built = KeysClient.create(newProfile.clientConfig(password));
        } catch (ConfigException | StorageException e) {
            profile = newProfile;
            client = null;
            report(new Status(State.NOT_CONNECTED, newProfile, "", "", "Cannot connect to " + newProfile.name()
                    + ": " + e.getMessage()));
            listeners.forEach(l -> l.clusterChanged(newProfile));
            return false;
        }
        profile = newProfile;
        client = built;
        report(new Status(State.CONNECTING, newProfile, "", "", ""));
        listeners.forEach(l -> l.clusterChanged(newProfile));
        HealthMonitor m = new HealthMonitor(newProfile, built);
        monitor = m;
        m.schedule();
        return true;
    }

    /** Leaves the active cluster; views empty themselves. */
    public void disconnect(String why) {
        stopMonitor();
        profile = null;
        client = null;
        report(new Status(State.NOT_CONNECTED, null, "", "", why));
        listeners.forEach(l -> l.clusterChanged(null));
    }

    /**
     * A view's request failed in a way that suggests the cluster is gone: check now instead of at the
     * next tick, so the status line says so at once.
     */
    public void suspectLost() {
        HealthMonitor m = monitor;
        if (m != null && m.getState() == Job.SLEEPING) {
            m.wakeUp();
        }
    }

    private void stopMonitor() {
        HealthMonitor m = monitor;
        monitor = null;
        if (m != null) {
            m.cancel();
        }
    }

    void report(Status newStatus) {
        status = Objects.requireNonNull(newStatus, "status");
        listeners.forEach(l -> l.statusChanged(newStatus));
    }

    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /** Asks the cluster for its members' health and its leader, again and again while it is active. */
    private final class HealthMonitor extends Job {
        private final ClusterProfile watched;
        private final KeysClient keys;
        private long backoff = 1000;

        HealthMonitor(ClusterProfile watched, KeysClient keys) {
            super("Checking the health of " + watched.name());
            this.watched = watched;
            this.keys = keys;
            setSystem(true);
        }

        @Override
        protected IStatus run(IProgressMonitor progress) {
            if (monitor != this) {
                return org.eclipse.core.runtime.Status.CANCEL_STATUS;
            }
            Status next;
            long delay;
            boolean wasUnreachable = status.state() == State.UNREACHABLE;
            try {
                List<Member> members = keys.members();
                int healthy = 0;
                for (Member m : members) {
                    if (progress.isCanceled()) {
                        return org.eclipse.core.runtime.Status.CANCEL_STATUS;
                    }
                    if (!m.clientURLs().isEmpty() && answersHealthy(m.clientURLs().get(0))) {
                        healthy++;
                    }
                }
                String leader;
                try {
                    Member l = keys.leader();
                    leader = l.name().isEmpty() ? l.id() : l.name();
                } catch (ClientException e) {
                    leader = "none (election under way)";
                }
                String health = (healthy == members.size() ? "healthy " : healthy * 2 > members.size()
                        ? "degraded " : "unhealthy ") + healthy + "/" + members.size();
                next = new Status(State.CONNECTED, watched, health, leader, "");
                delay = CHECK_EVERY_MS;
                backoff = 1000;
            } catch (ClientException e) {
                next = new Status(State.UNREACHABLE, watched, "", "", e.getMessage() + " · retrying in "
                        + backoff / 1000 + " s");
                delay = backoff;
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
            if (monitor != this || progress.isCanceled()) {
                return org.eclipse.core.runtime.Status.CANCEL_STATUS;
            }
            if (!next.equals(status)) {
                report(next);
            }
            if (next.state() == State.CONNECTED && wasUnreachable) {
                listeners.forEach(Listener::reconnected);
            }
            schedule(delay);
            return org.eclipse.core.runtime.Status.OK_STATUS;
        }

        private boolean answersHealthy(String url) {
            try {
                return keys.health(URI.create(url)).healthy();
            } catch (ClientException | IllegalArgumentException e) {
                return false;
            }
        }
    }
}
