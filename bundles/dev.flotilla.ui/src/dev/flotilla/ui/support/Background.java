package dev.flotilla.ui.support;

import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Control;

import dev.flotilla.core.client.ClientException;

/**
 * Runs one cluster call in an Eclipse Job (shown in the progress area, cancelable) and its outcome back on
 * the UI thread, unless the control it was for is gone by then. The UI thread never waits on the network.
 */
public final class Background {

    /** A call to the cluster. */
    @FunctionalInterface
    public interface Call<T> {
        T call(IProgressMonitor monitor) throws ClientException;
    }

    private Background() {
    }

    public static <T> Job run(String name, Control owner, Call<T> call, Consumer<T> onDone,
            Consumer<ClientException> onFailed) {
        Job job = new Job(name) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                monitor.beginTask(name, IProgressMonitor.UNKNOWN);
                try {
                    T result = call.call(monitor);
                    if (!monitor.isCanceled()) {
                        onUi(owner, () -> onDone.accept(result));
                    }
                    return monitor.isCanceled() ? Status.CANCEL_STATUS : Status.OK_STATUS;
                } catch (ClientException e) {
                    onUi(owner, () -> onFailed.accept(e));
                    return Status.OK_STATUS; // reported by onFailed, in words
                } finally {
                    monitor.done();
                }
            }
        };
        job.schedule();
        return job;
    }

    /** Runs {@code update} on the UI thread later, if {@code owner} still exists then. */
    public static void onUi(Control owner, Runnable update) {
        if (owner == null || owner.isDisposed()) {
            return;
        }
        owner.getDisplay().asyncExec(() -> {
            if (!owner.isDisposed()) {
                update.run();
            }
        });
    }
}
