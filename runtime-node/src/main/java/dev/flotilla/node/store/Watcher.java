package dev.flotilla.node.store;

/**
 * A registered watch on one key (and its subtree when recursive). A long-poll watcher is removed after its
 * first event; a stream watcher stays until cancelled. Watchers are local to a member, never replicated.
 */
public final class Watcher {
    final String path;
    final boolean recursive;
    final boolean stream;
    final long sinceIndex;
    final long startIndex;
    final WatchListener listener;
    boolean removed;

    Watcher(String path, boolean recursive, boolean stream, long sinceIndex, long startIndex,
            WatchListener listener) {
        this.path = path;
        this.recursive = recursive;
        this.stream = stream;
        this.sinceIndex = sinceIndex;
        this.startIndex = startIndex;
        this.listener = listener;
    }

    /** The store index when the watch started (X-Etcd-Index of the watch reply). */
    public long startIndex() {
        return startIndex;
    }

    boolean notify(Event e, boolean originalPath, boolean deleted) {
        if ((recursive || originalPath || deleted) && e.index() >= sinceIndex) {
            listener.onEvent(e);
            return true;
        }
        return false;
    }
}
