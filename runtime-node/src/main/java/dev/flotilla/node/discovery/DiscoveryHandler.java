package dev.flotilla.node.discovery;

import dev.flotilla.node.http.EtcdHandler;
import dev.flotilla.node.http.NodeApi;
import dev.flotilla.node.raft.ApplyResult;
import dev.flotilla.node.store.V2Request;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * etcd's public discovery service (discovery.etcd.io) on top of this node's own store.
 *
 * <ul>
 * <li>{@code GET /new?size=N} creates a token: a fresh 32-hex-digit name whose {@code _config/size} is set to N in
 * the store, and answers with the token URL {@code http://host:port/<token>} as plain text (size defaults to 3).</li>
 * <li>{@code /<token>} and everything below it is the etcd v2 keys API of {@code /_etcd/registry/<token>/}: the
 * requests etcd's discovery client makes ({@code PUT <token>/<id>?prevExist=false}, {@code GET <token>},
 * {@code GET <token>/_config/size}, {@code GET <token>?wait=true&waitIndex=N}) get exactly the store's replies,
 * errors and long polls included, because they are answered by the store's own etcd handler.</li>
 * </ul>
 * A token URL of the form {@code http://host:port/v2/keys/_etcd/registry/<token>} works too: it is the plain keys
 * API and needs nothing from this handler. Paths that are neither are left to the next handler.
 */
public final class DiscoveryHandler extends Handler.Abstract.NonBlocking {
    /** etcd's convention for the discovery keyspace. */
    public static final String REGISTRY = "/_etcd/registry";
    public static final int DEFAULT_SIZE = 3;
    /** A cluster larger than this is surely a typo; etcd's own advice stops at 7. */
    public static final int MAX_SIZE = 99;

    private static final Pattern TOKEN_PATH = Pattern.compile("/([0-9a-f]{32})(/.*)?");
    private static final long WRITE_TIMEOUT_SECONDS = 10;

    private final NodeApi node;
    private final EtcdHandler keys;
    private final Optional<URI> advertise;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param advertise the base URL written into token URLs; empty means the address the client used to reach
     *                  this server (its Host header)
     */
    public DiscoveryHandler(NodeApi node, Optional<URI> advertise) {
        this.node = node;
        this.keys = new EtcdHandler(node);
        this.advertise = advertise;
    }

    /** The registry directory of a token, in the store. */
    public static String registryDir(String token) {
        return REGISTRY + "/" + token;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        if (path == null) {
            return false;
        }
        if (path.equals("/new")) {
            newToken(request, response, callback);
            return true;
        }
        Matcher m = TOKEN_PATH.matcher(path);
        if (!m.matches()) {
            return false;
        }
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("PUT") && !method.equals("DELETE") && !method.equals("HEAD")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, PUT, DELETE");
            text(response, callback, 405, "Method Not Allowed\n");
            return true;
        }
        String rest = m.group(2) == null ? "" : m.group(2);
        HttpURI rewritten = HttpURI.build(request.getHttpURI())
                .path("/v2/keys" + registryDir(m.group(1)) + rest).asImmutable();
        return keys.handle(new Request.Wrapper(request) {
            @Override
            public HttpURI getHttpURI() {
                return rewritten;
            }
        }, response, callback);
    }

    private void newToken(Request request, Response response, Callback callback) {
        Fields query = Request.extractQueryParameters(request);
        String s = query.getValue("size");
        int size = DEFAULT_SIZE;
        if (s != null && !s.isEmpty()) {
            try {
                size = Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                text(response, callback, 400, "size: \"" + s + "\" is not a whole number\n");
                return;
            }
            if (size < 1 || size > MAX_SIZE) {
                text(response, callback, 400, "size: " + size + " is out of range (1 to " + MAX_SIZE + ")\n");
                return;
            }
        }
        String token = HexFormat.of().formatHex(randomBytes());
        String base = advertise.map(URI::toString).orElseGet(() -> requestBase(request));
        String url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/" + token;
        // prevExist=false: a token that somehow exists already is never handed out twice
        V2Request create = new V2Request(V2Request.Method.PUT, registryDir(token) + "/_config/size",
                Integer.toString(size), false, "", 0, Boolean.FALSE, false, false, 0);
        node.write(create).orTimeout(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete((ApplyResult r, Throwable e) -> {
            if (e != null || r == null || r.error() != null) {
                text(response, callback, 503, "unable to generate token: the store did not accept it ("
                        + (e != null ? e.getClass().getSimpleName() : r == null ? "no reply" : r.error().getMessage())
                        + ")\n");
            } else {
                text(response, callback, 200, url);
            }
        });
    }

    private byte[] randomBytes() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return b;
    }

    private static String requestBase(Request request) {
        String scheme = request.getHttpURI().getScheme() == null ? "http" : request.getHttpURI().getScheme();
        String host = Request.getServerName(request);
        int port = Request.getServerPort(request);
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return scheme + "://" + host + ":" + port;
    }

    private static void text(Response response, Callback callback, int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
