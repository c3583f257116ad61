package dev.flotilla.node.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@value #CAPACITY} write events, with etcd's scan rules: a watch from an index older than the
 * window gets error 401, an index past the end waits for the future.
 */
final class EventHistory {
    static final int CAPACITY = 1000;
    private final Event[] ring = new Event[CAPACITY];
    private int front;
    private int back;
    private int size;
    private long startIndex;
    private long lastIndex;

    void add(Event e) {
        ring[back] = e;
        back = (back + 1) % CAPACITY;
        if (size == CAPACITY) {
            front = (front + 1) % CAPACITY;
        } else {
            size++;
        }
        lastIndex = e.index();
        startIndex = ring[front].index();
    }

    long startIndex() {
        return startIndex;
    }

    long lastIndex() {
        return lastIndex;
    }

    /** The first event at or after {@code index} that a watcher on key would see, or null if none yet. */
    Event scan(String key, boolean recursive, long index, long storeIndex) throws EtcdError {
        List<Event> found = scan(key, recursive, index, storeIndex, true);
        return found.isEmpty() ? null : found.get(0);
    }

    List<Event> scan(String key, boolean recursive, long index, long storeIndex, boolean firstOnly)
            throws EtcdError {
        if (index < startIndex) {
            throw new EtcdError(ErrorCode.EVENT_INDEX_CLEARED,
                    "the requested history has been cleared [" + startIndex + "/" + index + "]", storeIndex);
        }
        List<Event> out = new ArrayList<>(firstOnly ? 1 : 8);
        if (index > lastIndex || size == 0) {
            return out;
        }
        String prefix = key.endsWith("/") ? key : key + "/";
        int i = (int) ((front + (index - startIndex)) % CAPACITY);
        while (true) {
            Event e = ring[i];
            if (!e.refresh() && matches(e, key, prefix, recursive)) {
                out.add(e);
                if (firstOnly) {
                    return out;
                }
            }
            i = (i + 1) % CAPACITY;
            if (i == back) {
                return out;
            }
        }
    }

    private static boolean matches(Event e, String key, String prefix, boolean recursive) {
        String k = e.node().key();
        boolean ok = k.equals(key) || (recursive && k.startsWith(prefix));
        if ((Event.DELETE.equals(e.action()) || Event.EXPIRE.equals(e.action()))
                && e.prevNode() != null && e.prevNode().dir()) {
            ok = ok || key.startsWith(e.prevNode().key());
        }
        return ok;
    }

    /** Events oldest first (for snapshots). */
    List<Event> events() {
        List<Event> list = new ArrayList<>(size);
        for (int k = 0; k < size; k++) {
            list.add(ring[(front + k) % CAPACITY]);
        }
        return list;
    }
}
