package dev.flotilla.ui.keys;

import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

import dev.flotilla.core.api.EtcdError;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.EtcdException;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.core.client.KeysResult;
import dev.flotilla.ui.connection.ClusterConnection;

/**
 * Follows one subtree with etcd's recursive long poll, continuing after each event's index, and hands
 * every event to the view. A failed poll is retried with growing pauses from the same index, so no event
 * is missed across a short outage; when the store has forgotten that index (etcd error 401) the view is
 * asked to read everything again. Canceling interrupts the poll under way.
 */
final class WatchKeysJob extends Job {

    static final Object FAMILY = WatchKeysJob.class;

    private final KeysClient.Watcher watcher;
    private final Consumer<KeysResult> onEvent;
    private final Runnable onResync;
    private volatile Thread thread;

    WatchKeysJob(KeysClient client, String root, long afterIndex, Consumer<KeysResult> onEvent, Runnable onResync) {
        super("Watching " + root);
        this.watcher = client.watcher(root, true, afterIndex);
        this.onEvent = onEvent;
        this.onResync = onResync;
        setSystem(true);
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        thread = Thread.currentThread();
        long pause = 500;
        try {
            while (!monitor.isCanceled()) {
                try {
                    onEvent.accept(watcher.next());
                    pause = 500;
                } catch (EtcdException e) {
                    if (e.errorCode() == EtcdError.EVENT_INDEX_CLEARED) {
                        onResync.run();
                        return Status.OK_STATUS;
                    }
                    pause = sleep(pause, monitor);
                } catch (ClientException e) {
                    // an interrupt meant for a job this thread ran before must not end this one
                    Thread.interrupted();
                    if (monitor.isCanceled()) {
                        break;
                    }
                    ClusterConnection.active().suspectLost();
                    pause = sleep(pause, monitor);
                }
            }
            return Status.CANCEL_STATUS;
        } finally {
            thread = null;
            Thread.interrupted(); // do not hand a set interrupt flag back to the job pool
        }
    }

    private static long sleep(long pause, IProgressMonitor monitor) {
        long until = System.currentTimeMillis() + pause;
        while (!monitor.isCanceled() && System.currentTimeMillis() < until) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                break;
            }
        }
        return Math.min(pause * 2, 8000);
    }

    @Override
    protected void canceling() {
        Thread t = thread;
        if (t != null) {
            t.interrupt(); // ends the long poll at once
        }
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == FAMILY;
    }
}
