package dev.flotilla.ui.keys;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

import dev.flotilla.core.api.EtcdError;
import dev.flotilla.core.api.KeyNode;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.EtcdException;
import dev.flotilla.core.client.GetOptions;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.core.client.KeysResult;

/**
 * Reads the store (and the hidden directories the user asked for) recursively, in the background, with
 * progress and cancel; hands the subtrees and the index to continue watching from to the view.
 */
final class LoadKeysJob extends Job {

    /** Family of all key loads, so a refresh can cancel the one still running. */
    static final Object FAMILY = LoadKeysJob.class;

    /** What a load read. */
    record Snapshot(List<KeyNode> subtrees, long etcdIndex) {
    }

    private final KeysClient client;
    private final List<String> roots;
    private final Consumer<Snapshot> onLoaded;
    private final Consumer<ClientException> onFailed;

    LoadKeysJob(String clusterName, KeysClient client, List<String> roots, Consumer<Snapshot> onLoaded,
            Consumer<ClientException> onFailed) {
        super("Reading keys of " + clusterName);
        this.client = client;
        this.roots = List.copyOf(roots);
        this.onLoaded = onLoaded;
        this.onFailed = onFailed;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        monitor.beginTask(getName(), roots.size());
        try {
            List<KeyNode> subtrees = new ArrayList<>();
            long index = 0;
            for (String root : roots) {
                if (monitor.isCanceled()) {
                    return Status.CANCEL_STATUS;
                }
                monitor.subTask(root);
                try {
                    KeysResult r = client.get(root, new GetOptions(true, true, false));
                    subtrees.add(r.node());
                    index = Math.max(index, r.etcdIndex());
                } catch (EtcdException e) {
                    if (e.errorCode() != EtcdError.KEY_NOT_FOUND || root.equals("/")) {
                        throw e;
                    }
                    index = Math.max(index, e.error().index()); // a hidden directory nobody made yet
                }
                monitor.worked(1);
            }
            if (!monitor.isCanceled()) {
                onLoaded.accept(new Snapshot(subtrees, index));
            }
            return monitor.isCanceled() ? Status.CANCEL_STATUS : Status.OK_STATUS;
        } catch (ClientException e) {
            if (!monitor.isCanceled()) {
                onFailed.accept(e);
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
