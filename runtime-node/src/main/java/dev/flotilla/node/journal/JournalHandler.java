package dev.flotilla.node.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.IteratingCallback;
import org.eclipse.jetty.util.URIUtil;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Serves this machine's journals: {@code GET /flotilla/v1/journal/{unit}?lines=N&cursor=C&since=T&follow=true}.
 *
 * <ul>
 *   <li>Without {@code follow}: {@code application/json} {@code {"unit":..,"cursor":last,"entries":[..]}}, each entry
 *       {@code {"cursor":n,"time":"ISO-8601","stream":"stdout|stderr|agent","message":".."}}.</li>
 *   <li>{@code follow=true}: {@code text/event-stream}; each entry is an {@code entry} event whose {@code id} is its
 *       cursor and whose {@code data} is the entry's JSON; a reconnecting client's {@code Last-Event-ID} resumes
 *       after that cursor. A comment line is sent at once and then every heartbeat interval, so proxies keep the
 *       stream open and a vanished client is noticed.</li>
 *   <li>{@code cursor=C}: entries after cursor C; {@code since=T} (ISO-8601 instant): entries written at or after T;
 *       otherwise the last {@code lines} (default 10, as {@code fleetctl journal}). {@code lines} also caps the
 *       cursor/since reads when given.</li>
 * </ul>
 *
 * A plain Jetty 12 core handler: mount it anywhere in a handler tree (it declines requests outside its path by
 * returning {@code false}). Followers cost no thread while idle: new entries are pushed by the appending thread into
 * a queue that an {@link IteratingCallback} drains with non-blocking writes, batching when lines arrive faster than
 * the socket takes them.
 */
public final class JournalHandler extends Handler.Abstract {

    /** The path prefix this handler answers; the unit name follows it. */
    public static final String PREFIX = "/flotilla/v1/journal/";
    static final int DEFAULT_LINES = 10;
    static final int MAX_LINES = 100_000;
    private static final int BATCH = 512;

    private final Journals journals;
    private final ObjectMapper json = new ObjectMapper();
    private final long heartbeatMillis;

    public JournalHandler(Journals journals) {
        this(journals, 10_000);
    }

    /** @param heartbeatMillis interval of keep-alive comments on follow streams */
    public JournalHandler(Journals journals, long heartbeatMillis) {
        this.journals = journals;
        this.heartbeatMillis = heartbeatMillis;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (path == null || !path.startsWith(PREFIX)) {
            return false;
        }
        if (!HttpMethod.GET.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET");
            return error(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405,
                    "method " + request.getMethod() + " not allowed on " + path + "; use GET");
        }
        String unit = URIUtil.decodePath(path.substring(PREFIX.length()));
        if (!Journals.isValidUnitName(unit)) {
            return error(response, callback, HttpStatus.BAD_REQUEST_400, "invalid unit name '" + unit + "'");
        }
        Query q;
        try {
            q = Query.parse(Request.extractQueryParameters(request), request.getHeaders().get("Last-Event-ID"));
        } catch (IllegalArgumentException e) {
            return error(response, callback, HttpStatus.BAD_REQUEST_400, e.getMessage());
        }
        Journal journal = journals.existing(unit).orElse(null);
        if (journal == null) {
            return error(response, callback, HttpStatus.NOT_FOUND_404, "no journal for unit " + unit + " on this machine");
        }
        if (q.follow) {
            follow(journal, q, request, response, callback);
            return true;
        }
        List<JournalEntry> entries = q.select().apply(journal);
        ObjectNode body = json.createObjectNode();
        body.put("unit", unit);
        body.put("cursor", entries.isEmpty() ? journal.lastCursor() : entries.get(entries.size() - 1).cursor());
        ArrayNode array = body.putArray("entries");
        entries.forEach(e -> array.add(toJson(e)));
        return send(response, callback, HttpStatus.OK_200, body);
    }

    private void follow(Journal journal, Query q, Request request, Response response, Callback callback) {
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("X-Accel-Buffering", "no");
        SseStream stream = new SseStream(response, callback);
        stream.subscription = journal.follow(q.select(), stream::offer);
        if (stream.isFailed() || stream.isAborted()) {
            stream.release(); // the client was gone before the subscription existed
        }
        Scheduler scheduler = getServer() == null ? null : getServer().getScheduler();
        if (scheduler != null) {
            stream.scheduleHeartbeat(scheduler);
        }
        request.addFailureListener(stream::abort);
        stream.iterate();
    }

    private ObjectNode toJson(JournalEntry e) {
        ObjectNode n = json.createObjectNode();
        n.put("cursor", e.cursor());
        n.put("time", e.time().toString());
        n.put("stream", e.stream().label());
        n.put("message", e.message());
        return n;
    }

    private boolean error(Response response, Callback callback, int status, String message) {
        ObjectNode body = json.createObjectNode();
        body.put("status", status);
        body.put("message", message);
        return send(response, callback, status, body);
    }

    private boolean send(Response response, Callback callback, int status, ObjectNode body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            callback.failed(e);
            return true;
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(bytes), callback);
        return true;
    }

    /** The validated query of one request. */
    private record Query(Integer lines, Long cursor, Instant since, boolean follow) {

        static Query parse(Fields params, String lastEventId) {
            Integer lines = null;
            String l = params.getValue("lines");
            if (l != null) {
                try {
                    lines = Integer.parseInt(l);
                } catch (NumberFormatException e) {
                    lines = -1;
                }
                if (lines < 0 || lines > MAX_LINES) {
                    throw new IllegalArgumentException("query parameter 'lines': expected an integer from 0 to "
                            + MAX_LINES + ", got '" + l + "'");
                }
            }
            boolean follow = false;
            String f = params.getValue("follow");
            if (f != null) {
                switch (f) {
                    case "true", "1", "" -> follow = true;
                    case "false", "0" -> follow = false;
                    default -> throw new IllegalArgumentException(
                            "query parameter 'follow': expected true or false, got '" + f + "'");
                }
            }
            Long cursor = parseCursor("query parameter 'cursor'", params.getValue("cursor"));
            if (follow && lastEventId != null) {
                cursor = parseCursor("header 'Last-Event-ID'", lastEventId); // a reconnect resumes where it was
            }
            Instant since = null;
            String s = params.getValue("since");
            if (s != null) {
                try {
                    since = Instant.parse(s);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("query parameter 'since': expected an ISO-8601 instant such as "
                            + "2025-01-31T12:00:00Z, got '" + s + "'");
                }
            }
            if (cursor != null && since != null) {
                throw new IllegalArgumentException("query parameters 'cursor' and 'since' cannot be combined");
            }
            return new Query(lines, cursor, since, follow);
        }

        private static Long parseCursor(String what, String value) {
            if (value == null) {
                return null;
            }
            try {
                long c = Long.parseLong(value.trim());
                if (c >= 0) {
                    return c;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(what + ": expected a non-negative journal cursor, got '" + value + "'");
        }

        Function<Journal, List<JournalEntry>> select() {
            if (cursor != null) {
                return j -> j.afterCursor(cursor, lines == null ? MAX_LINES : lines);
            }
            if (since != null) {
                return j -> j.since(since, lines == null ? MAX_LINES : lines);
            }
            return j -> j.tail(lines == null ? DEFAULT_LINES : lines);
        }
    }

    /** One follower's stream: a queue filled by the journal, drained by non-blocking writes. */
    private final class SseStream extends IteratingCallback {
        private final Response response;
        private final Callback callback;
        private final Queue<JournalEntry> queue = new ConcurrentLinkedQueue<>();
        private volatile boolean heartbeatDue = true; // the first write (a comment) sends the headers at once
        private volatile JournalSubscription subscription;
        private volatile Scheduler.Task heartbeat;

        SseStream(Response response, Callback callback) {
            this.response = response;
            this.callback = callback;
        }

        void offer(JournalEntry e) {
            queue.add(e);
            iterate();
        }

        void scheduleHeartbeat(Scheduler scheduler) {
            heartbeat = scheduler.schedule(() -> {
                if (!isClosed() && !isFailed() && !isAborted()) {
                    heartbeatDue = true;
                    iterate();
                    scheduleHeartbeat(scheduler);
                }
            }, heartbeatMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        protected Action process() throws Throwable {
            StringBuilder sb = new StringBuilder();
            JournalEntry e;
            int n = 0;
            while (n < BATCH && (e = queue.poll()) != null) {
                sb.append("id: ").append(e.cursor()).append("\nevent: entry\ndata: ")
                        .append(json.writeValueAsString(toJson(e))).append("\n\n");
                n++;
            }
            if (n == 0) {
                if (!heartbeatDue) {
                    return Action.IDLE;
                }
                sb.append(": flotilla journal\n\n");
            }
            heartbeatDue = false;
            response.write(false, ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8)), this);
            return Action.SCHEDULED;
        }

        @Override
        protected void onCompleteFailure(Throwable cause) {
            release();
            callback.failed(cause);
        }

        @Override
        protected void onCompleteSuccess() {
            release();
            callback.succeeded();
        }

        private void release() {
            JournalSubscription s = subscription;
            if (s != null) {
                s.close();
            }
            Scheduler.Task t = heartbeat;
            if (t != null) {
                t.cancel();
            }
        }
    }
}
