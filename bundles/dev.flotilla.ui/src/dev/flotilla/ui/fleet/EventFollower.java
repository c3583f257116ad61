package dev.flotilla.ui.fleet;

import java.util.Set;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

import dev.flotilla.core.api.ClusterEvent;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.FleetClient;
import dev.flotilla.ui.connection.ClusterConnection;

/**
 * Follows {@code /flotilla/v1/events} of one cluster and hands the events of the given types (plus
 * {@code hello} and {@code resync}, after which a view must reload) to {@code onEvent}, on this job's thread.
 * The subscription resumes by itself after a lost connection ({@code Last-Event-ID}); cancelling the job
 * closes it. A system job: following is not work the user waits for.
 */
public final class EventFollower extends Job {

    private final FleetClient fleet;
    private final Set<String> types;
    private final Consumer<ClusterEvent> onEvent;
    private volatile FleetClient.EventSubscription subscription;

    public EventFollower(String name, FleetClient fleet, Set<String> types, Consumer<ClusterEvent> onEvent) {
        super(name);
        this.fleet = fleet;
        this.types = Set.copyOf(types);
        this.onEvent = onEvent;
        setSystem(true);
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        try (FleetClient.EventSubscription s = fleet.events(-1)) {
            subscription = s;
            while (!monitor.isCanceled()) {
                ClusterEvent e = s.next();
                if (e == null) {
                    break;
                }
                if (types.contains(e.type()) || "hello".equals(e.type()) || "resync".equals(e.type())) {
                    onEvent.accept(e);
                }
            }
        } catch (ClientException e) {
            // the server refused the stream (e.g. 401): tell the health line, try again in a while
            ClusterConnection.active().suspectLost();
            if (!monitor.isCanceled()) {
                schedule(3000);
            }
        } finally {
            subscription = null;
        }
        return Status.OK_STATUS;
    }

    @Override
    protected void canceling() {
        FleetClient.EventSubscription s = subscription;
        if (s != null) {
            s.close(); // unblocks next()
        }
    }
}
