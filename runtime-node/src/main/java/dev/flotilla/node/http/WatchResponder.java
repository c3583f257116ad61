package dev.flotilla.node.http;

import dev.flotilla.node.store.Event;
import dev.flotilla.node.store.Store;
import dev.flotilla.node.store.Watcher;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Streams a watch's events to its client without blocking the store: events are queued (the store calls in
 * with its lock held) and written one at a time. A long-poll watch ends after its first event; a stream
 * watch keeps going until the client leaves. Nothing is dropped silently: a stream whose client falls more
 * than {@value #MAX_BACKLOG} events behind is ended, so the client sees the end and can resume from its
 * last index.
 */
final class WatchResponder {
    private static final int MAX_BACKLOG = 100_000;

    private final Response response;
    private final Callback callback;
    private final boolean stream;
    private final Store store;
    private final ArrayDeque<Event> queue = new ArrayDeque<>();
    private Watcher watcher;
    private boolean started;
    private boolean writing;
    private boolean finished;
    private boolean closing;
    private boolean done;

    WatchResponder(Response response, Callback callback, boolean stream, Store store) {
        this.response = response;
        this.callback = callback;
        this.stream = stream;
        this.store = store;
    }

    /** Called by the store (lock held): only queues. */
    void onEvent(Event e) {
        synchronized (this) {
            if (finished) {
                return;
            }
            if (queue.size() >= MAX_BACKLOG) {
                finished = true;
                queue.clear();
                closing = true;
            } else {
                queue.add(e);
            }
        }
        pump();
    }

    /** Sends the headers (the state when the watch started) and then any queued event. */
    void start(Watcher w, long raftIndex, long raftTerm) {
        synchronized (this) {
            watcher = w;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Replies.JSON);
        response.getHeaders().put("X-Etcd-Index", Long.toString(w.startIndex()));
        response.getHeaders().put("X-Raft-Index", Long.toString(raftIndex));
        response.getHeaders().put("X-Raft-Term", Long.toString(raftTerm));
        synchronized (this) {
            writing = true;
        }
        // flush the headers at once, as etcd does, so long-polling clients know the watch is in place
        response.write(false, BufferUtil.EMPTY_BUFFER, Callback.from(() -> {
            synchronized (this) {
                started = true;
                writing = false;
            }
            pump();
        }, this::fail));
    }

    /** The client went away or the connection failed. */
    void fail(Throwable t) {
        Watcher w;
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            finished = true;
            queue.clear();
            w = watcher;
        }
        if (w != null) {
            store.cancel(w);
        }
        callback.failed(t);
    }

    private void pump() {
        Event next;
        boolean last;
        synchronized (this) {
            if (!started || writing) {
                return;
            }
            if (closing) {
                closing = false;
                writing = true;
                endStream();
                return;
            }
            if (queue.isEmpty()) {
                return;
            }
            next = queue.poll();
            writing = true;
            last = !stream;
            if (last) {
                finished = true;
            }
        }
        ByteBuffer body = ByteBuffer.wrap(next.toJsonBytes());
        response.write(last, body, Callback.from(() -> {
            if (last) {
                complete();
                return;
            }
            synchronized (this) {
                writing = false;
            }
            pump();
        }, this::fail));
    }

    private void endStream() {
        Watcher w = watcher;
        if (w != null) {
            store.cancel(w);
        }
        response.write(true, BufferUtil.EMPTY_BUFFER, Callback.from(this::complete, this::fail));
    }

    private void complete() {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
        }
        callback.succeeded();
    }
}
