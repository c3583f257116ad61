package dev.flotilla.ui.fleet;

import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Control;

import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.FleetClient;
import dev.flotilla.ui.connection.ClusterConnection;
import dev.flotilla.ui.support.Background;

/**
 * Reads a view's whole model from the cluster in a user-visible, cancelable job and applies it on the UI
 * thread. {@link #request()} coalesces: while a read waits, further requests are the same read; while one
 * runs, one more follows it. So an event burst of any size costs at most two reads.
 *
 * @param <T> what one read brings
 */
public final class ReloadJob<T> extends Job {

    /** One read of the model. */
    @FunctionalInterface
    public interface Read<T> {
        T read(FleetClient fleet, IProgressMonitor monitor) throws ClientException;
    }

    private static final long COALESCE_MS = 200;

    private final Control owner;
    private final Read<T> read;
    private final Consumer<T> onRead;
    private final Consumer<ClientException> onFailed;

    public ReloadJob(String name, Control owner, Read<T> read, Consumer<T> onRead,
            Consumer<ClientException> onFailed) {
        super(name);
        this.owner = owner;
        this.read = read;
        this.onRead = onRead;
        this.onFailed = onFailed;
    }

    /** Reads soon, sharing the read with any other request made meanwhile. */
    public void request() {
        if (getState() != WAITING && getState() != SLEEPING) {
            schedule(COALESCE_MS);
        }
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        FleetClient fleet = FleetAccess.client();
        if (fleet == null) {
            return Status.CANCEL_STATUS;
        }
        monitor.beginTask(getName(), IProgressMonitor.UNKNOWN);
        try {
            T result = read.read(fleet, monitor);
            if (monitor.isCanceled()) {
                return Status.CANCEL_STATUS;
            }
            Background.onUi(owner, () -> onRead.accept(result));
        } catch (ClientException e) {
            ClusterConnection.active().suspectLost();
            Background.onUi(owner, () -> onFailed.accept(e));
        } finally {
            monitor.done();
        }
        return Status.OK_STATUS;
    }
}
