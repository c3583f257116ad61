package dev.flotilla.node.http;

import java.net.ConnectException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.ByteBufferRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Sends a follower's key writes to the leader's client URL, as etcd's v2 proxy did.
 *
 * <p>Why: every member proposing its own Raft entries made three streams of small entries (plus Ratis's
 * commit-metadata entry after each) that the leader interleaved; measured on a 3-member cluster, writes spread
 * over all members ran at a third of the rate of the same load sent to the leader alone. Forwarded writes join
 * the leader's group commit instead, so one entry per round carries the whole cluster's writes.
 *
 * <p>A forwarded request carries {@value #FORWARDED}; the receiving member proposes it itself whatever its role
 * (no forwarding loops during an election). Only a request that never reached the leader (connection refused)
 * is retried locally: any later failure may have been applied, so it is reported, never re-sent.
 */
public final class LeaderForwarder implements AutoCloseable {
    /** Header marking a request already forwarded once; its value is the forwarding member's id. */
    public static final String FORWARDED = "X-Flotilla-Forwarded";

    /** The leader's answer, relayed as it is. */
    public record Reply(int status, HttpFields headers, byte[] body) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    /** The request never reached the leader: proposing it locally is safe. */
    public static final class NotSent extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotSent(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final HttpClient client;
    private final String selfId;
    private final int maxResponseBytes;

    /**
     * @param selfId           this member's id, sent in {@value #FORWARDED}
     * @param tls              client-side TLS for https leaders (null: plain http only)
     * @param maxResponseBytes largest reply accepted (a write's reply carries the previous value)
     */
    public LeaderForwarder(String selfId, SslContextFactory.Client tls, int maxResponseBytes) throws Exception {
        this.selfId = selfId;
        this.maxResponseBytes = maxResponseBytes;
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("forward");
        pool.setDaemon(true);
        client = new HttpClient();
        client.setExecutor(pool);
        client.setMaxConnectionsPerDestination(64);
        client.setIdleTimeout(60_000);
        client.setConnectTimeout(2_000);
        client.setFollowRedirects(false);
        if (tls != null) {
            client.setSslContextFactory(tls);
        }
        client.start();
    }

    /**
     * Sends a write as the client sent it (method, path, query, form body, credentials) to the leader.
     *
     * @param leaderUrl   the leader's client URL
     * @param method      PUT, POST or DELETE
     * @param pathAndQuery raw path and query, e.g. {@code /v2/keys/a?prevExist=false}
     * @param headers     the client's headers (Content-Type and Authorization are passed on)
     * @param body        the form body, or null
     */
    public CompletableFuture<Reply> forward(String leaderUrl, String method, String pathAndQuery, HttpFields headers,
                                            byte[] body, long timeoutSeconds) {
        CompletableFuture<Reply> f = new CompletableFuture<>();
        Request req = client.newRequest(URI.create(leaderUrl + pathAndQuery))
                .method(method)
                .timeout(timeoutSeconds, TimeUnit.SECONDS)
                .headers(h -> {
                    h.put(FORWARDED, selfId);
                    HttpField auth = headers.getField(HttpHeader.AUTHORIZATION);
                    if (auth != null) {
                        h.put(auth);
                    }
                });
        if (body != null) {
            String ct = headers.get(HttpHeader.CONTENT_TYPE);
            req.body(new ByteBufferRequestContent(ct == null ? "application/x-www-form-urlencoded" : ct,
                    ByteBuffer.wrap(body)));
        }
        req.send(new BufferingResponseListener(maxResponseBytes) {
            @Override
            public void onComplete(org.eclipse.jetty.client.Result result) {
                if (result.isFailed()) {
                    Throwable t = result.getFailure();
                    f.completeExceptionally(neverSent(t) ? new NotSent(t) : t);
                    return;
                }
                f.complete(new Reply(result.getResponse().getStatus(), result.getResponse().getHeaders(),
                        getContent()));
            }
        });
        return f;
    }

    private static boolean neverSent(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}
