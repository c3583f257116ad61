package dev.flotilla.core.client;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Sends one HTTP call to the first endpoint of the list that answers.
 *
 * <p>Failover rules: a connection that could not be opened never reached the server, so the next endpoint is
 * always tried. A timeout, a dropped connection or a 5xx reply may have been acted on; the next endpoint is
 * tried only for calls that are safe to repeat (not {@link Call#oneShot()}, e.g. a create or a delete), as
 * etcd's own Go client does. The endpoint that answered last is tried first next time.
 */
public final class HttpTransport {

    /**
     * One request.
     *
     * @param method       GET, PUT, POST, DELETE
     * @param pathAndQuery already-escaped path and query appended to the endpoint, e.g. {@code /v2/keys/a?x=1}
     * @param contentType  content type of the body, or null without body
     * @param body         request body, or null
     * @param oneShot      true when repeating the call on another endpoint could apply it twice
     * @param longPoll     true for watches: no total timeout, the body may take forever
     */
    public record Call(String method, String pathAndQuery, String contentType, byte[] body,
                       boolean oneShot, boolean longPoll) {
        public static Call get(String pathAndQuery) {
            return new Call("GET", pathAndQuery, null, null, false, false);
        }
    }

    /** The answer of one endpoint. */
    public record Reply(URI endpoint, int status, HttpHeaders headers, String body) {
        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public long headerLong(String name) {
            return header(name).map(v -> {
                try {
                    return Long.parseLong(v.trim());
                } catch (NumberFormatException e) {
                    return 0L;
                }
            }).orElse(0L);
        }
    }

    private final ClientConfig config;
    private final HttpClient http;
    private final String authorization;
    private final Consumer<String> trace;
    private volatile int pinned;

    private HttpTransport(ClientConfig config, HttpClient http, Consumer<String> trace) {
        this.config = config;
        this.http = http;
        this.trace = trace;
        this.authorization = config.username() == null || config.username().isEmpty() ? null
                : "Basic " + Base64.getEncoder().encodeToString(
                (config.username() + ":" + (config.password() == null ? "" : config.password()))
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** A transport for the config; TLS files are read now, so a bad file fails here and not on first use. */
    public static HttpTransport create(ClientConfig config) throws ConfigException {
        return create(config, null);
    }

    /**
     * @param trace receives one line per attempted request ({@code curl -X GET http://...}), or null
     */
    public static HttpTransport create(ClientConfig config, Consumer<String> trace) throws ConfigException {
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.requestTimeout());
        boolean anyHttps = config.endpoints().stream().anyMatch(u -> "https".equals(u.getScheme()));
        if (anyHttps || config.caFile() != null || config.certFile() != null || config.keyFile() != null) {
            SSLContext ctx = PemTls.sslContext(config.caFile(), config.certFile(), config.keyFile());
            b.sslContext(ctx);
        }
        return new HttpTransport(config, b.build(), trace);
    }

    public ClientConfig config() {
        return config;
    }

    public List<URI> endpoints() {
        return config.endpoints();
    }

    /** Sends the call to the endpoints in order (starting with the one that answered last) until one answers. */
    public Reply send(Call call) throws ClientException {
        List<URI> eps = config.endpoints();
        List<UnavailableException.Failure> failures = new ArrayList<>();
        long deadline = call.longPoll() ? Long.MAX_VALUE : System.nanoTime() + config.totalTimeout().toNanos();
        int start = pinned;
        Throwable last = null;
        for (int i = 0; i < eps.size(); i++) {
            int k = (start + i) % eps.size();
            URI ep = eps.get(k);
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                failures.add(new UnavailableException.Failure(ep, "not tried: the total timeout of "
                        + format(config.totalTimeout()) + " ran out"));
                continue;
            }
            Duration timeout = Duration.ofNanos(Math.min(left, config.requestTimeout().toNanos()));
            try {
                Reply r = attempt(ep, call, timeout);
                if (r.status() / 100 == 5) {
                    failures.add(new UnavailableException.Failure(ep, "HTTP " + r.status() + serverHint(r)));
                    last = null;
                    if (call.oneShot()) {
                        pinned = (k + 1) % eps.size();
                        throw new UnavailableException(failures, null);
                    }
                    continue;
                }
                pinned = k;
                return r;
            } catch (IOException e) {
                last = e;
                boolean neverSent = e instanceof ConnectException || e instanceof HttpConnectTimeoutException
                        || isHandshakeFailure(e);
                failures.add(new UnavailableException.Failure(ep, reason(e, timeout)));
                if (!neverSent && call.oneShot()) {
                    pinned = (k + 1) % eps.size();
                    throw new UnavailableException(failures, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClientException("interrupted while waiting for " + ep, e);
            }
        }
        throw new UnavailableException(failures, last);
    }

    /** An open streaming reply (server-sent events): read {@link #body()} as it comes; close when done. */
    public record Stream(URI endpoint, int status, HttpHeaders headers, java.io.InputStream body)
            implements AutoCloseable {
        /** The whole body, for an error reply. */
        public String readAll() throws IOException {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /**
     * Opens a long-lived GET ({@code text/event-stream}) on the first endpoint that accepts the connection, or on
     * {@code only} when given. There is no total timeout: the body is read as the server writes it.
     */
    public Stream openStream(String pathAndQuery, java.util.Map<String, String> headers, URI only)
            throws ClientException {
        List<URI> eps = only != null ? List.of(only) : config.endpoints();
        List<UnavailableException.Failure> failures = new ArrayList<>();
        Throwable last = null;
        int start = only != null ? 0 : pinned;
        for (int i = 0; i < eps.size(); i++) {
            URI ep = eps.get((start + i) % eps.size());
            URI uri = URI.create(ep.toString() + pathAndQuery);
            HttpRequest.Builder rb = HttpRequest.newBuilder(uri).GET().header("Accept", "text/event-stream");
            headers.forEach(rb::header);
            if (authorization != null) {
                rb.header("Authorization", authorization);
            }
            if (trace != null) {
                trace.accept("curl -N -X GET " + uri);
            }
            try {
                HttpResponse<java.io.InputStream> resp = http.send(rb.build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                if (resp.statusCode() / 100 == 5) {
                    String body = new String(resp.body().readAllBytes(), StandardCharsets.UTF_8);
                    failures.add(new UnavailableException.Failure(ep, "HTTP " + resp.statusCode()
                            + serverHint(new Reply(ep, resp.statusCode(), resp.headers(), body))));
                    continue;
                }
                return new Stream(ep, resp.statusCode(), resp.headers(), resp.body());
            } catch (IOException e) {
                last = e;
                failures.add(new UnavailableException.Failure(ep, reason(e, config.requestTimeout())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClientException("interrupted while connecting to " + ep, e);
            }
        }
        throw new UnavailableException(failures, last);
    }

    /** Sends the call to one given endpoint only (e.g. a member's health check). */
    public Reply sendTo(URI endpoint, Call call) throws ClientException {
        try {
            return attempt(endpoint, call, config.requestTimeout());
        } catch (IOException e) {
            throw new UnavailableException(List.of(new UnavailableException.Failure(endpoint,
                    reason(e, config.requestTimeout()))), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted while waiting for " + endpoint, e);
        }
    }

    private Reply attempt(URI ep, Call call, Duration timeout) throws IOException, InterruptedException {
        URI uri = URI.create(ep.toString() + call.pathAndQuery());
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout);
        HttpRequest.BodyPublisher pub = call.body() == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(call.body());
        rb.method(call.method(), pub);
        if (call.contentType() != null) {
            rb.header("Content-Type", call.contentType());
        }
        if (authorization != null) {
            rb.header("Authorization", authorization);
        }
        if (trace != null) {
            StringBuilder curl = new StringBuilder("curl -X ").append(call.method()).append(' ').append(uri);
            if (call.body() != null && call.body().length > 0) {
                curl.append(" -d ").append(quote(new String(call.body(), StandardCharsets.UTF_8)));
            }
            trace.accept(curl.toString());
        }
        HttpResponse<byte[]> resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(ep, resp.statusCode(), resp.headers(), new String(resp.body(), StandardCharsets.UTF_8));
    }

    private static boolean isHandshakeFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    private static String reason(IOException e, Duration timeout) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timed out after " + format(timeout);
        }
        if (e instanceof HttpTimeoutException) {
            return "no response within " + format(timeout);
        }
        if (e instanceof ConnectException) {
            String m = e.getMessage();
            return m == null || m.isEmpty() || m.equalsIgnoreCase("Connection refused")
                    ? "connection refused" : "cannot connect: " + m;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                Throwable root = t;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                return "TLS failed: " + root.getMessage();
            }
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private static String serverHint(Reply r) {
        String b = r.body().strip();
        if (b.isEmpty() || b.length() > 200) {
            return "";
        }
        // {"message":"..."} bodies: just the message
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\{\"message\":\"([^\"]*)\"}$").matcher(b);
        return ": " + (m.matches() ? m.group(1) : b.replace('\n', ' '));
    }

    /** "3s", "1.5s", "250ms": a duration as a person writes it. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 == 0) {
            return (ms / 1000) + "s";
        }
        if (ms < 1000) {
            return ms + "ms";
        }
        return (ms / 1000.0) + "s";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
