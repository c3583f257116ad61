package dev.flotilla.ui.keys;

import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

import dev.flotilla.ui.connection.ClusterConnection;
import dev.flotilla.ui.connection.ClusterEndpoint;
import dev.flotilla.ui.keys.etcd.EtcdV2KeysReader;
import dev.flotilla.ui.keys.etcd.KeysReadException;

/**
 * Reads the whole store in the background and hands the result to the view; reports how it went to the
 * {@link ClusterConnection}. Cancelable from the progress indicator.
 */
final class LoadKeysJob extends Job {

    /** Family of all key loads, so a refresh can cancel the one still running. */
    static final Object FAMILY = LoadKeysJob.class;

    private final EtcdV2KeysReader reader = new EtcdV2KeysReader();
    private final ClusterConnection connection;
    private final ClusterEndpoint endpoint;
    private final Consumer<KeysSnapshot> onLoaded;
    private final Consumer<String> onFailed;

    LoadKeysJob(ClusterConnection connection, ClusterEndpoint endpoint, Consumer<KeysSnapshot> onLoaded,
            Consumer<String> onFailed) {
        super("Reading keys from " + endpoint);
        this.connection = connection;
        this.endpoint = endpoint;
        this.onLoaded = onLoaded;
        this.onFailed = onFailed;
        setSystem(false);
        setUser(false);
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        monitor.beginTask(getName(), IProgressMonitor.UNKNOWN);
        connection.report(new ClusterConnection.Status(ClusterConnection.State.CONNECTING, endpoint, ""));
        try {
            KeysSnapshot snapshot = reader.readAll(endpoint, monitor::isCanceled);
            if (!endpoint.equals(connection.endpoint())) {
                return Status.CANCEL_STATUS; // the user switched clusters meanwhile
            }
            int keys = snapshot.root().keyCount();
            connection.report(new ClusterConnection.Status(ClusterConnection.State.CONNECTED, endpoint,
                    keys + (keys == 1 ? " key" : " keys")
                            + (snapshot.etcdIndex() >= 0 ? " · index " + snapshot.etcdIndex() : "")));
            onLoaded.accept(snapshot);
            return Status.OK_STATUS;
        } catch (CancellationException e) {
            return Status.CANCEL_STATUS;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Status.CANCEL_STATUS;
        } catch (KeysReadException e) {
            if (endpoint.equals(connection.endpoint())) {
                connection.report(new ClusterConnection.Status(ClusterConnection.State.UNREACHABLE, endpoint,
                        e.getMessage()));
                onFailed.accept(e.getMessage());
            }
            // shown in the view and the status line; an error status would pop a dialog on every retry
            return Status.OK_STATUS;
        } finally {
            monitor.done();
        }
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == FAMILY;
    }
}
