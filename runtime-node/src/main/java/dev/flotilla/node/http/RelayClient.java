package dev.flotilla.node.http;

import dev.flotilla.node.auth.Authorizer;
import dev.flotilla.node.raft.Relay;
import java.net.ConnectException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.ByteBufferRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP side of {@link Relay}: posts a follower's segment of writes to the leader's {@value #PATH}, as this
 * member's node identity ({@link Authorizer#NODE_USER}: the follower already checked the clients' permissions).
 * A segment that never reached the leader (connection refused) or that the leader refused before proposing it
 * (4xx: e.g. this member's secret is not applied there yet, just after start) fails with {@link Relay.NotSent},
 * so its writes are proposed locally; any later failure may have been applied and is reported, never re-sent.
 */
public final class RelayClient implements Relay.Transport, AutoCloseable {
    /** The leader's endpoint for relayed segments (POST, binary body, 204 once applied). */
    public static final String PATH = "/flotilla/internal/v1/relay";
    /** Header naming the relaying member. */
    public static final String RELAYED_BY = "X-Flotilla-Relayed-By";

    private final HttpClient client;
    private final String selfId;
    private final String authorization;
    private final long timeoutSeconds;

    /**
     * @param selfId       this member's id, sent in {@value #RELAYED_BY}
     * @param nodePassword this process's node secret (registered in the store, accepted by every member)
     */
    public RelayClient(String selfId, String nodePassword, long timeoutSeconds) throws Exception {
        this.selfId = selfId;
        this.timeoutSeconds = timeoutSeconds;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (Authorizer.NODE_USER + ":" + nodePassword).getBytes(StandardCharsets.UTF_8));
        QueuedThreadPool pool = new QueuedThreadPool(8, 2);
        pool.setName("relay");
        pool.setDaemon(true);
        client = new HttpClient();
        client.setExecutor(pool);
        client.setMaxConnectionsPerDestination(8);
        client.setIdleTimeout(60_000);
        client.setConnectTimeout(2_000);
        client.setFollowRedirects(false);
        client.start();
    }

    @Override
    public CompletableFuture<Void> send(String leaderUrl, byte[] segment) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        client.newRequest(URI.create(leaderUrl + PATH))
                .method("POST")
                .timeout(timeoutSeconds, TimeUnit.SECONDS)
                .headers(h -> {
                    h.put(RELAYED_BY, selfId);
                    h.put(HttpHeader.AUTHORIZATION, authorization);
                })
                .body(new ByteBufferRequestContent("application/octet-stream", ByteBuffer.wrap(segment)))
                .send(new BufferingResponseListener(64 * 1024) {
                    @Override
                    public void onComplete(org.eclipse.jetty.client.Result result) {
                        if (result.isFailed()) {
                            Throwable t = result.getFailure();
                            f.completeExceptionally(neverSent(t) ? new Relay.NotSent(t) : t);
                        } else if (result.getResponse().getStatus() / 100 == 4) {
                            f.completeExceptionally(new Relay.NotSent(new java.io.IOException("the leader refused "
                                    + "relayed writes: " + result.getResponse().getStatus() + " "
                                    + getContentAsString())));
                        } else if (result.getResponse().getStatus() != 204) {
                            f.completeExceptionally(new java.io.IOException("the leader refused relayed writes: "
                                    + result.getResponse().getStatus() + " " + getContentAsString()));
                        } else {
                            f.complete(null);
                        }
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
