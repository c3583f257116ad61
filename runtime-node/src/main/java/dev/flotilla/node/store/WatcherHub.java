package dev.flotilla.node.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Watchers by watched path, notified as etcd does: the event's key and each ancestor, plus deleted subtrees. */
final class WatcherHub {
    private final Map<String, List<Watcher>> byPath = new HashMap<>();
    private final AtomicLong count = new AtomicLong();
    final EventHistory history = new EventHistory();

    long count() {
        return count.get();
    }

    void add(Watcher w) {
        byPath.computeIfAbsent(w.path, k -> new ArrayList<>(2)).add(w);
        count.incrementAndGet();
    }

    void remove(Watcher w) {
        if (w.removed) {
            return;
        }
        w.removed = true;
        List<Watcher> list = byPath.get(w.path);
        if (list != null && list.remove(w)) {
            count.decrementAndGet();
            if (list.isEmpty()) {
                byPath.remove(w.path);
            }
        }
    }

    /** Records the event and notifies watchers on "/", each ancestor and the key itself. */
    void notify(Event e) {
        history.add(e);
        if (byPath.isEmpty()) {
            return;
        }
        String key = e.node().key();
        notifyWatchers(e, "/", false);
        int i = 1;
        while (i < key.length()) {
            int next = key.indexOf('/', i);
            if (next < 0) {
                next = key.length();
            }
            notifyWatchers(e, key.substring(0, next), false);
            i = next + 1;
        }
    }

    /** Records a refresh in history without waking anyone (etcd does not send refreshes to watchers). */
    void addRefresh(Event e) {
        history.add(e);
    }

    void notifyWatchers(Event e, String nodePath, boolean deleted) {
        List<Watcher> list = byPath.get(nodePath);
        if (list == null) {
            return;
        }
        boolean originalPath = e.node().key().equals(nodePath);
        if (!originalPath && KeyPath.isHidden(nodePath, e.node().key())) {
            return;
        }
        // a listener may cancel watchers while being notified (a write to a client that is gone fails inline and
        // cancels its watch, on this thread, under the store's reentrant lock): iterate over a copy
        for (Watcher w : List.copyOf(list)) {
            if (w.removed) {
                continue;
            }
            if (w.notify(e, originalPath, deleted) && !w.stream) {
                remove(w);
            }
        }
    }

    /** Moves the registered watchers of an old hub into this one (after a snapshot replaced the state). */
    WatcherHub adoptWatchersFrom(WatcherHub old) {
        byPath.putAll(old.byPath);
        count.set(old.count.get());
        return this;
    }
}
