package dev.flotilla.node.journal;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;

/**
 * Lets any node answer a journal request: when the unit runs on another machine, the request is passed on to that
 * machine's node and its answer (JSON or the SSE stream) is copied back as it arrives. Requests for units that run
 * here, or that run nowhere, fall through to the local {@link JournalHandler}.
 */
public final class JournalForwarder extends Handler.Abstract {
    /** Marks a forwarded request so two nodes never pass one back and forth. */
    public static final String FORWARDED = "X-Flotilla-Forwarded";

    private final Function<String, Optional<URI>> locate;
    private final String self;
    private final HttpClient http;

    /**
     * @param locate unit name → client URL of the node whose machine runs it (empty when it runs nowhere)
     * @param self   this node's advertised client URL
     */
    public JournalForwarder(Function<String, Optional<URI>> locate, String self) {
        this(locate, self, null);
    }

    /**
     * @param tls how to reach https nodes (trusting the cluster's CA, showing this node's certificate when client
     *            certificates are required); null when client URLs are plain http
     */
    public JournalForwarder(Function<String, Optional<URI>> locate, String self, javax.net.ssl.SSLContext tls) {
        super(InvocationType.BLOCKING);
        this.locate = locate;
        this.self = self;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3));
        if (tls != null) {
            b.sslContext(tls);
        }
        this.http = b.build();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (!path.startsWith(JournalHandler.PREFIX) || request.getHeaders().get(FORWARDED) != null
                || !"GET".equals(request.getMethod())) {
            return false;
        }
        String unit = URIUtil.decodePath(path.substring(JournalHandler.PREFIX.length()));
        if (!Journals.isValidUnitName(unit)) return false;
        Optional<URI> owner = locate.apply(unit);
        if (owner.isEmpty() || sameNode(owner.get())) return false;

        String query = request.getHttpURI().getQuery();
        URI target = owner.get().resolve(path + (query == null ? "" : "?" + query));
        HttpRequest.Builder fwd = HttpRequest.newBuilder(target).header(FORWARDED, self).GET();
        String lastEventId = request.getHeaders().get("Last-Event-ID");
        if (lastEventId != null) fwd.header("Last-Event-ID", lastEventId);
        // the owner decides again with the same credentials (the auth data is replicated): nothing is widened
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization != null) fwd.header("Authorization", authorization);
        HttpResponse<InputStream> answer;
        try {
            answer = http.send(fwd.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (java.io.IOException e) {
            Response.writeError(request, response, callback, 502, "the node running " + unit + " (" + owner.get()
                    + ") did not answer: " + e.getMessage());
            return true;
        }
        response.setStatus(answer.statusCode());
        answer.headers().firstValue("content-type").ifPresent(v -> response.getHeaders().put(HttpHeader.CONTENT_TYPE, v));
        response.getHeaders().put("X-Flotilla-Served-By", owner.get().toString());
        try (InputStream in = answer.body(); OutputStream out = Content.Sink.asOutputStream(response)) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush(); // SSE lines must reach the client as they come, not when a buffer fills
            }
            callback.succeeded();
        } catch (java.io.IOException e) {
            // the client or the owner went away: end this stream
            callback.failed(e);
        }
        return true;
    }

    private boolean sameNode(URI owner) {
        return owner.toString().replaceAll("/+$", "").equals(self.replaceAll("/+$", ""));
    }
}
