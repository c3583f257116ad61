package dev.flotilla.node.fleet;

import dev.flotilla.core.api.ApiJson;
import dev.flotilla.core.api.ClusterEvent;
import dev.flotilla.core.api.EtcdError;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.EtcdException;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.core.client.KeysResult;
import dev.flotilla.node.cluster.Keyspace;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /flotilla/v1/events}: every change under {@code /_flotilla} as server-sent events, from one recursive
 * watch of the store per stream (so a client wakes only on cluster changes, never by polling).
 *
 * <p>Each event's {@code id} is the store index of the change, so a client that reconnects with
 * {@code Last-Event-ID} (or {@code ?after=N}) continues exactly where it was. A stream without either starts at the
 * current index, announced by a first {@code hello} event; lists carry the same index in {@code X-Flotilla-Index},
 * so list-then-follow misses nothing. When the store's event history no longer reaches back far enough, a
 * {@code resync} event tells the client to reload; the stream then continues from the current index.
 */
final class EventStream implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventStream.class.getName());

    private final KeysClient store;
    private final Duration heartbeat;
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    EventStream(KeysClient store, Duration heartbeat) {
        this.store = store;
        this.heartbeat = heartbeat;
    }

    boolean serve(Request request, Response response, Callback callback) throws ClientException {
        long after;
        String resume = request.getHeaders().get("Last-Event-ID");
        String q = FleetApiHandler.query(request).getValue("after");
        try {
            after = resume != null ? Long.parseLong(resume.trim()) : q != null ? Long.parseLong(q.trim()) : -1;
            if (resume != null && after < 0 || q != null && after < 0) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            return ApiReplies.error(response, callback, 400, "Last-Event-ID / after: expected a store index, got '"
                    + (resume != null ? resume : q) + "'");
        }
        boolean hello = after < 0;
        if (hello) after = currentIndex();
        long start = after;
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("X-Accel-Buffering", "no");
        Thread writer = new Thread(() -> run(response, callback, start, hello), "flotilla-events");
        writer.setDaemon(true);
        threads.add(writer);
        writer.start();
        return true;
    }

    private long currentIndex() throws ClientException {
        try {
            return store.get(Keyspace.ROOT).etcdIndex();
        } catch (EtcdException e) {
            if (e.errorCode() == EtcdError.KEY_NOT_FOUND) return e.error().index();
            throw e;
        }
    }

    /** Writer loop: one store watch feeds a queue (its own thread); this thread writes events and heartbeats. */
    private void run(Response response, Callback callback, long after, boolean hello) {
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        Thread watcher = new Thread(() -> watch(after, queue), "flotilla-events-watch");
        watcher.setDaemon(true);
        threads.add(watcher);
        try {
            write(response, hello ? frame("hello", after, new ClusterEvent("hello", null, after, null, null, null,
                    null, null)) : ": flotilla events\n\n");
            watcher.start();
            while (!closed) {
                Object o = queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                if (o == null) {
                    write(response, ": heartbeat\n\n");
                } else if (o instanceof ClusterEvent e) {
                    write(response, frame(e.type(), e.index(), e));
                }
            }
            callback.succeeded();
        } catch (Exception e) {
            // the client went away (write failed) or the node is stopping
            LOG.log(Level.FINE, "event stream ended", e);
            callback.failed(e);
        } finally {
            watcher.interrupt();
            threads.remove(watcher);
            threads.remove(Thread.currentThread());
        }
    }

    private void watch(long after, BlockingQueue<Object> queue) {
        long next = after + 1;
        while (!closed && !Thread.currentThread().isInterrupted()) {
            try {
                KeysResult r = store.waitFor(Keyspace.ROOT, true, next);
                next = r.node().modifiedIndex() + 1;
                ClusterEvent e = classify(r);
                if (e != null) queue.add(e);
            } catch (EtcdException e) {
                if (e.errorCode() == 401) { // history cleared: the client must reload
                    try {
                        long now = currentIndex();
                        queue.add(new ClusterEvent("resync", null, now, null, null, null, null, null));
                        next = now + 1;
                    } catch (ClientException again) {
                        pause();
                    }
                } else {
                    pause();
                }
            } catch (ClientException e) {
                if (Thread.currentThread().isInterrupted()) return;
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A store event as a cluster event, or null for keys that mean nothing to a client. */
    static ClusterEvent classify(KeysResult r) {
        String key = r.node().key();
        String action = r.action();
        long index = r.node().modifiedIndex();
        String value = r.node().value();
        String[] m = Keyspace.below(Keyspace.MACHINES, key);
        if (m.length == 1) return new ClusterEvent("machine", action, index, key, null, m[0], null, value);
        String[] u = Keyspace.below(Keyspace.UNITS, key);
        if (u.length == 1) return new ClusterEvent("unit", action, index, key, u[0], null, null, value);
        if (u.length == 2) return new ClusterEvent("unit", action, index, key, u[0], null, u[1], value);
        String[] p = Keyspace.below(Keyspace.PLACEMENT, key);
        if (p.length == 1) return new ClusterEvent("placement", action, index, key, p[0], null, null, value);
        String[] s = Keyspace.below(Keyspace.SCHEDULE, key);
        if (s.length == 2) return new ClusterEvent("schedule", action, index, key, s[1], s[0], null, value);
        if (s.length == 1) return new ClusterEvent("schedule", action, index, key, null, s[0], null, value);
        String[] st = Keyspace.below(Keyspace.STATE, key);
        if (st.length == 2) return new ClusterEvent("state", action, index, key, st[0], st[1], null, value);
        if (st.length == 1) return new ClusterEvent("state", action, index, key, st[0], null, null, value);
        String[] md = Keyspace.below(Keyspace.METADATA, key);
        if (md.length == 2) return new ClusterEvent("metadata", action, index, key, null, md[0], md[1], value);
        if (key.equals(Keyspace.ENGINE_LEADER)) {
            return new ClusterEvent("engine", action, index, key, null, value, null, value);
        }
        return null;
    }

    private static String frame(String event, long id, ClusterEvent data) {
        return "id: " + id + "\nevent: " + event + "\ndata: " + ApiJson.write(data) + "\n\n";
    }

    private void write(Response response, String text) throws Exception {
        Callback.Completable done = new Callback.Completable();
        Content.Sink.write(response, false, text.getBytes(StandardCharsets.UTF_8).length == 0 ? "" : text, done);
        done.get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        closed = true;
        threads.forEach(Thread::interrupt);
    }
}
