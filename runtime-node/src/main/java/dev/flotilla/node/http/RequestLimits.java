package dev.flotilla.node.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * Bounds on what one client can make a node hold: the size of a request body (Jetty's {@link SizeLimitHandler},
 * 413) and the number of watches one remote address keeps open at once (429). Both refusals are written by
 * {@link JsonErrorHandler}, so clients get the API's error JSON. Header size is bounded by the connector's
 * {@code HttpConfiguration} (16 KiB, 431).
 */
public final class RequestLimits {
    /** The default of {@code --max-watches-per-client}. */
    public static final int DEFAULT_MAX_WATCHES_PER_CLIENT = 1000;

    private RequestLimits() {
    }

    /**
     * The largest request body: a form carrying a value of {@code maxValueBytes}, every byte %-encoded (three
     * bytes each, as Go's url.Values.Encode writes binary data), plus 64 KiB for the other fields. The keys
     * handler checks the same bound; this one refuses before anything is buffered.
     */
    public static long maxBodyBytes(long maxValueBytes) {
        return Math.min(Integer.MAX_VALUE - 16, maxValueBytes * 3 + 65536);
    }

    /** Did reading a body fail because it passed {@link #maxBodyBytes} (a body sent without Content-Length)? */
    public static boolean tooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.eclipse.jetty.http.HttpException h && h.getCode() == 413) {
                return true;
            }
        }
        return false;
    }

    /** {@code next} behind both limits. */
    public static Handler wrap(Handler next, long maxValueBytes, int maxWatchesPerClient) {
        SizeLimitHandler size = new SizeLimitHandler(maxBodyBytes(maxValueBytes), -1);
        size.setHandler(new WatchLimit(next, maxWatchesPerClient));
        return size;
    }

    /** Counts open watches (etcd {@code wait=true}, the events stream, journal follows) per remote address. */
    static final class WatchLimit extends Handler.Wrapper {
        private final int max;
        private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

        WatchLimit(Handler next, int max) {
            super(next);
            this.max = max;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (!isWatch(request)) {
                return super.handle(request, response, callback);
            }
            String client = Request.getRemoteAddr(request);
            int now = open.merge(client, 1, Integer::sum);
            if (now > max) {
                release(client);
                Response.writeError(request, response, callback, 429, "too many watches from " + client
                        + ": at most " + max + " may be open at once (--max-watches-per-client)");
                return true;
            }
            AtomicBoolean released = new AtomicBoolean();
            Runnable done = () -> {
                if (released.compareAndSet(false, true)) {
                    release(client);
                }
            };
            boolean handled;
            try {
                handled = super.handle(request, response, Callback.from(callback, done));
            } catch (Exception | Error e) {
                done.run();
                throw e;
            }
            if (!handled) {
                done.run();
            }
            return handled;
        }

        private void release(String client) {
            open.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
        }

        /** Open watches of {@code client} now (for tests and diagnostics). */
        int open(String client) {
            return open.getOrDefault(client, 0);
        }

        static boolean isWatch(Request request) {
            String path = Request.getPathInContext(request);
            if (path.startsWith("/flotilla/v1/events")) {
                return true;
            }
            boolean keys = path.startsWith("/v2/keys");
            boolean journal = path.startsWith("/flotilla/v1/journal/");
            if (!keys && !journal || request.getHttpURI().getQuery() == null) {
                return false;
            }
            Fields q = Request.extractQueryParameters(request);
            String v = q.getValue(keys ? "wait" : "follow");
            return keys ? "true".equals(v) : v != null && (v.equals("true") || v.equals("1") || v.isEmpty());
        }
    }
}
