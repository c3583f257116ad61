package dev.flotilla.node.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The etcd v2 key tree with etcd's exact semantics (modelled on etcd's v2store): writes are applied in log
 * order by one thread and take an explicit "now" from the log entry, reads and watch registrations come from
 * any thread. A rejected write throws {@link EtcdError} and changes nothing.
 */
public final class Store {
    private static final Comparator<StoreNode> BY_EXPIRY =
            Comparator.<StoreNode>comparingLong(n -> n.expireTime).thenComparing(n -> n.path);

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private StoreNode root = StoreNode.dir("/", null, 0, 0);
    private long currentIndex;
    private TreeSet<StoreNode> ttlKeys = new TreeSet<>(BY_EXPIRY);
    private WatcherHub hub = new WatcherHub();
    private final StoreStats stats = new StoreStats();

    public StoreStats stats() {
        return stats;
    }

    public long watcherCount() {
        return hub.count();
    }

    /** The current store index (X-Etcd-Index). */
    public long index() {
        lock.readLock().lock();
        try {
            return currentIndex;
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------- reads

    /** A GET: the node (with children, recursively when asked), and the store index it was read at. */
    public Event get(String key, boolean recursive, boolean sorted, long now) throws EtcdError {
        lock.readLock().lock();
        try {
            String p = KeyPath.clean(key);
            StoreNode n;
            try {
                n = internalGet(p);
            } catch (EtcdError e) {
                stats.getsFail.incrementAndGet();
                throw e;
            }
            stats.getsSuccess.incrementAndGet();
            NodeView v;
            long ttl = NodeView.ttlAt(n.expireTime, now);
            if (n.isDir()) {
                v = new NodeView(p, null, true, n.expireTime, ttl, n.modifiedIndex, n.createdIndex,
                        n.listChildren(recursive, now));
            } else {
                v = new NodeView(p, n.value, false, n.expireTime, ttl, n.modifiedIndex, n.createdIndex, null);
            }
            return new Event(Event.GET, v, null, currentIndex, false);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Registers a watch (etcd's Watch). If the history already holds a matching event at or after
     * {@code sinceIndex} (0 = the next index), the listener gets it at once; a stream watcher gets every
     * matching event in the history and then stays registered for the future.
     */
    public Watcher watch(String key, boolean recursive, boolean stream, long sinceIndex, WatchListener listener)
            throws EtcdError {
        lock.writeLock().lock();
        try {
            String p = KeyPath.clean(key);
            long since = sinceIndex == 0 ? currentIndex + 1 : sinceIndex;
            if (!stream) {
                Event found = hub.history.scan(p, recursive, since, currentIndex);
                Watcher w = new Watcher(p, recursive, false, since, currentIndex, listener);
                if (found != null) {
                    w.removed = true;
                    listener.onEvent(found);
                } else {
                    hub.add(w);
                }
                return w;
            }
            List<Event> past = hub.history.scan(p, recursive, since, currentIndex, false);
            for (Event e : past) {
                listener.onEvent(e);
            }
            long next = past.isEmpty() ? since : Math.max(since, currentIndex + 1);
            Watcher w = new Watcher(p, recursive, true, next, currentIndex, listener);
            hub.add(w);
            return w;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes a watcher (client went away). Safe to call twice. */
    public void cancel(Watcher w) {
        lock.writeLock().lock();
        try {
            hub.remove(w);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The earliest expiry time of any node, or 0 if none has a TTL. */
    public long nextExpiry() {
        lock.readLock().lock();
        try {
            return ttlKeys.isEmpty() ? 0 : ttlKeys.first().expireTime;
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------- writes

    /** Applies one write as etcd's applier does; {@code now} is the proposer's clock, carried in the log. */
    public Event apply(V2Request r, long now) throws EtcdError {
        lock.writeLock().lock();
        try {
            return switch (r.method()) {
                case PUT -> put(r, now);
                case POST -> create(r.path(), r.dir(), r.value(), true, r.expireTime(), now);
                case DELETE -> (r.prevIndex() > 0 || !r.prevValue().isEmpty())
                        ? compareAndDelete(r.path(), r.prevValue(), r.prevIndex(), now)
                        : delete(r.path(), r.dir(), r.recursive(), now);
            };
        } finally {
            lock.writeLock().unlock();
        }
    }

    private Event put(V2Request r, long now) throws EtcdError {
        if (r.prevExist() != null) {
            if (r.prevExist()) {
                if (r.prevIndex() == 0 && r.prevValue().isEmpty()) {
                    return update(r.path(), r.value(), r.expireTime(), r.refresh(), now);
                }
                return compareAndSwap(r.path(), r.prevValue(), r.prevIndex(), r.value(), r.expireTime(),
                        r.refresh(), now);
            }
            return create(r.path(), r.dir(), r.value(), false, r.expireTime(), now);
        }
        if (r.prevIndex() > 0 || !r.prevValue().isEmpty()) {
            return compareAndSwap(r.path(), r.prevValue(), r.prevIndex(), r.value(), r.expireTime(),
                    r.refresh(), now);
        }
        return set(r.path(), r.dir(), r.value(), r.expireTime(), r.refresh(), now);
    }

    /**
     * Deletes every node whose expiry is at or before {@code cutoff}, one "expire" event and index each.
     * Proposed by the leader with its own clock so all members expire the same keys at the same index.
     */
    public List<Event> expire(long cutoff) {
        lock.writeLock().lock();
        try {
            List<Event> events = new ArrayList<>();
            while (!ttlKeys.isEmpty() && ttlKeys.first().expireTime <= cutoff) {
                StoreNode n = ttlKeys.pollFirst();
                currentIndex++;
                NodeView prev = n.view(false, cutoff);
                NodeView node = new NodeView(n.path, null, n.isDir(), 0, 0, currentIndex, n.createdIndex, null);
                Event e = new Event(Event.EXPIRE, node, prev, currentIndex, false);
                remove(n, e);
                stats.expireCount.incrementAndGet();
                hub.notify(e);
                events.add(e);
            }
            return events;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private Event set(String key, boolean dir, String value, long expireTime, boolean refresh, long now)
            throws EtcdError {
        String p = KeyPath.clean(key);
        StoreNode prev = null;
        try {
            try {
                prev = internalGet(p);
            } catch (EtcdError e) {
                if (e.code() != ErrorCode.KEY_NOT_FOUND) {
                    throw e;
                }
                if (refresh) {
                    throw e;
                }
            }
            if (refresh) {
                value = prev.value;
            }
            Event e = internalCreate(p, dir, value, false, true, expireTime, Event.SET, now);
            if (prev != null) {
                e = new Event(e.action(), e.node(), prev.view(false, now), e.etcdIndex(), false);
            }
            publish(e, refresh);
            stats.setsSuccess.incrementAndGet();
            return refresh ? new Event(e.action(), e.node(), e.prevNode(), e.etcdIndex(), false) : e;
        } catch (EtcdError e) {
            stats.setsFail.incrementAndGet();
            throw e;
        }
    }

    private Event create(String key, boolean dir, String value, boolean unique, long expireTime, long now)
            throws EtcdError {
        try {
            Event e = internalCreate(key, dir, value, unique, false, expireTime, Event.CREATE, now);
            hub.notify(e);
            stats.createSuccess.incrementAndGet();
            return e;
        } catch (EtcdError e) {
            stats.createFail.incrementAndGet();
            throw e;
        }
    }

    private Event update(String key, String value, long expireTime, boolean refresh, long now) throws EtcdError {
        String p = KeyPath.clean(key);
        try {
            if ("/".equals(p)) {
                throw new EtcdError(ErrorCode.ROOT_READ_ONLY, "/", currentIndex);
            }
            StoreNode n = internalGet(p);
            if (n.isDir() && !value.isEmpty()) {
                throw new EtcdError(ErrorCode.NOT_FILE, p, currentIndex);
            }
            if (refresh) {
                value = n.value;
            }
            long next = currentIndex + 1;
            NodeView prev = n.view(false, now);
            if (!n.isDir()) {
                n.value = value;
                n.modifiedIndex = next;
            }
            updateTtl(n, expireTime);
            NodeView node = new NodeView(p, n.isDir() ? null : value, n.isDir(), n.expireTime,
                    NodeView.ttlAt(n.expireTime, now), next, n.createdIndex, null);
            currentIndex = next;
            Event e = new Event(Event.UPDATE, node, prev, next, refresh);
            publish(e, refresh);
            stats.updateSuccess.incrementAndGet();
            return refresh ? new Event(e.action(), node, prev, next, false) : e;
        } catch (EtcdError e) {
            stats.updateFail.incrementAndGet();
            throw e;
        }
    }

    private Event compareAndSwap(String key, String prevValue, long prevIndex, String value, long expireTime,
                                 boolean refresh, long now) throws EtcdError {
        String p = KeyPath.clean(key);
        try {
            if ("/".equals(p)) {
                throw new EtcdError(ErrorCode.ROOT_READ_ONLY, "/", currentIndex);
            }
            StoreNode n = internalGet(p);
            if (n.isDir()) {
                throw new EtcdError(ErrorCode.NOT_FILE, p, currentIndex);
            }
            compare(n, prevValue, prevIndex);
            if (refresh) {
                value = n.value;
            }
            currentIndex++;
            NodeView prev = n.view(false, now);
            n.value = value;
            n.modifiedIndex = currentIndex;
            updateTtl(n, expireTime);
            NodeView node = new NodeView(p, value, false, n.expireTime, NodeView.ttlAt(n.expireTime, now),
                    currentIndex, n.createdIndex, null);
            Event e = new Event(Event.COMPARE_AND_SWAP, node, prev, currentIndex, refresh);
            publish(e, refresh);
            stats.compareAndSwapSuccess.incrementAndGet();
            return refresh ? new Event(e.action(), node, prev, currentIndex, false) : e;
        } catch (EtcdError e) {
            stats.compareAndSwapFail.incrementAndGet();
            throw e;
        }
    }

    private Event delete(String key, boolean dir, boolean recursive, long now) throws EtcdError {
        String p = KeyPath.clean(key);
        try {
            if ("/".equals(p)) {
                throw new EtcdError(ErrorCode.ROOT_READ_ONLY, "/", currentIndex);
            }
            if (recursive) {
                dir = true;
            }
            StoreNode n = internalGet(p);
            if (n.isDir()) {
                if (!dir) {
                    throw new EtcdError(ErrorCode.NOT_FILE, p, currentIndex);
                }
                if (!n.children.isEmpty() && !recursive) {
                    throw new EtcdError(ErrorCode.DIR_NOT_EMPTY, p, currentIndex);
                }
            }
            long next = currentIndex + 1;
            NodeView prev = n.view(false, now);
            NodeView node = new NodeView(p, null, n.isDir(), 0, 0, next, n.createdIndex, null);
            Event e = new Event(Event.DELETE, node, prev, next, false);
            remove(n, e);
            currentIndex = next;
            hub.notify(e);
            stats.deleteSuccess.incrementAndGet();
            return e;
        } catch (EtcdError e) {
            stats.deleteFail.incrementAndGet();
            throw e;
        }
    }

    private Event compareAndDelete(String key, String prevValue, long prevIndex, long now) throws EtcdError {
        String p = KeyPath.clean(key);
        try {
            StoreNode n = internalGet(p);
            if (n.isDir()) {
                throw new EtcdError(ErrorCode.NOT_FILE, p, currentIndex);
            }
            compare(n, prevValue, prevIndex);
            currentIndex++;
            NodeView prev = n.view(false, now);
            NodeView node = new NodeView(p, null, false, 0, 0, currentIndex, n.createdIndex, null);
            Event e = new Event(Event.COMPARE_AND_DELETE, node, prev, currentIndex, false);
            remove(n, e);
            hub.notify(e);
            stats.compareAndDeleteSuccess.incrementAndGet();
            return e;
        } catch (EtcdError e) {
            stats.compareAndDeleteFail.incrementAndGet();
            throw e;
        }
    }

    // ---------------------------------------------------------------- internals

    private void publish(Event e, boolean refresh) {
        if (refresh) {
            hub.addRefresh(e);
        } else {
            hub.notify(e);
        }
    }

    private void compare(StoreNode n, String prevValue, long prevIndex) throws EtcdError {
        boolean indexMatch = prevIndex == 0 || n.modifiedIndex == prevIndex;
        boolean valueMatch = prevValue.isEmpty() || prevValue.equals(n.value);
        if (indexMatch && valueMatch) {
            return;
        }
        String cause;
        if (indexMatch) {
            cause = "[" + prevValue + " != " + n.value + "]";
        } else if (valueMatch) {
            cause = "[" + prevIndex + " != " + n.modifiedIndex + "]";
        } else {
            cause = "[" + prevValue + " != " + n.value + "] [" + prevIndex + " != " + n.modifiedIndex + "]";
        }
        throw new EtcdError(ErrorCode.TEST_FAILED, cause, currentIndex);
    }

    private StoreNode internalGet(String p) throws EtcdError {
        StoreNode cur = root;
        int i = 1;
        while (i < p.length()) {
            int next = p.indexOf('/', i);
            if (next < 0) {
                next = p.length();
            }
            if (!cur.isDir()) {
                throw new EtcdError(ErrorCode.NOT_DIR, cur.path, currentIndex);
            }
            StoreNode child = cur.children.get(p.substring(i, next));
            if (child == null) {
                throw new EtcdError(ErrorCode.KEY_NOT_FOUND, p.substring(0, next), currentIndex);
            }
            cur = child;
            i = next + 1;
        }
        return cur;
    }

    private Event internalCreate(String key, boolean dir, String value, boolean unique, boolean replace,
                                 long expireTime, String action, long now) throws EtcdError {
        long next = currentIndex + 1;
        String raw = key;
        if (unique) {
            raw = key + "/" + String.format("%020d", next);
        }
        String p = KeyPath.clean(raw);
        if ("/".equals(p)) {
            throw new EtcdError(ErrorCode.ROOT_READ_ONLY, "/", currentIndex);
        }
        StoreNode parent = walkCreatingDirs(KeyPath.parent(p));
        String name = KeyPath.name(p);
        StoreNode existing = parent.children.get(name);
        NodeView prev = null;
        if (existing != null) {
            if (!replace) {
                throw new EtcdError(ErrorCode.NODE_EXIST, p, currentIndex);
            }
            if (existing.isDir()) {
                throw new EtcdError(ErrorCode.NOT_FILE, p, currentIndex);
            }
            prev = existing.view(false, now);
            remove(existing, null);
        }
        StoreNode n = dir ? StoreNode.dir(p, parent, next, expireTime)
                : StoreNode.file(p, parent, value, next, expireTime);
        parent.children.put(name, n);
        if (!n.isPermanent()) {
            ttlKeys.add(n);
        }
        currentIndex = next;
        NodeView view = new NodeView(p, dir ? null : value, dir, expireTime, NodeView.ttlAt(expireTime, now),
                next, next, null);
        return new Event(action, view, prev, next, false);
    }

    /**
     * Walks to the directory {@code dirPath}, creating missing directories (etcd's checkDir). Checks the whole
     * path before creating anything, so a failure leaves the tree untouched.
     */
    private StoreNode walkCreatingDirs(String dirPath) throws EtcdError {
        StoreNode cur = root;
        int i = 1;
        while (i < dirPath.length()) {
            int next = dirPath.indexOf('/', i);
            if (next < 0) {
                next = dirPath.length();
            }
            StoreNode child = cur.children.get(dirPath.substring(i, next));
            if (child == null) {
                break;
            }
            if (!child.isDir()) {
                throw new EtcdError(ErrorCode.NOT_DIR, child.path, currentIndex);
            }
            cur = child;
            i = next + 1;
        }
        while (i < dirPath.length()) {
            int next = dirPath.indexOf('/', i);
            if (next < 0) {
                next = dirPath.length();
            }
            StoreNode d = StoreNode.dir(dirPath.substring(0, next), cur, currentIndex + 1, 0);
            cur.children.put(d.name, d);
            cur = d;
            i = next + 1;
        }
        return cur;
    }

    /** Unlinks a node and its subtree; tells watchers of every removed path (deleted=true) when e is given. */
    private void remove(StoreNode n, Event e) {
        if (n.isDir()) {
            for (StoreNode c : new ArrayList<>(n.children.values())) {
                remove(c, e);
            }
        }
        if (n.parent != null && n.parent.children.get(n.name) == n) {
            n.parent.children.remove(n.name);
        }
        if (e != null) {
            hub.notifyWatchers(e, n.path, true);
        }
        if (!n.isPermanent()) {
            ttlKeys.remove(n);
        }
    }

    private void updateTtl(StoreNode n, long expireTime) {
        if (!n.isPermanent()) {
            ttlKeys.remove(n);
        }
        n.expireTime = expireTime;
        if (expireTime != 0) {
            ttlKeys.add(n);
        }
    }

    // ---------------------------------------------------------------- snapshots

    /** Writes the whole state (tree, index, event history) for a Raft snapshot. Called on the apply thread. */
    public void writeSnapshot(java.io.DataOutputStream out) throws java.io.IOException {
        lock.readLock().lock();
        try {
            StoreSnapshot.write(out, root, currentIndex, hub.history.events());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Replaces the whole state with a snapshot's. Registered watchers stay: they see only later events. */
    public void readSnapshot(java.io.DataInputStream in) throws java.io.IOException {
        StoreSnapshot.Loaded loaded = StoreSnapshot.read(in);
        lock.writeLock().lock();
        try {
            root = loaded.root();
            currentIndex = loaded.index();
            ttlKeys = new TreeSet<>(BY_EXPIRY);
            collectTtl(root);
            WatcherHub fresh = new WatcherHub();
            for (Event e : loaded.history()) {
                fresh.history.add(e);
            }
            hub = fresh.adoptWatchersFrom(hub);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void collectTtl(StoreNode n) {
        if (!n.isPermanent()) {
            ttlKeys.add(n);
        }
        if (n.isDir()) {
            for (StoreNode c : n.children.values()) {
                collectTtl(c);
            }
        }
    }
}
