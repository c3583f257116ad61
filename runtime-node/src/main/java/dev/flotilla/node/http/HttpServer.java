package dev.flotilla.node.http;

import java.net.URI;
import java.util.List;
import dev.flotilla.node.auth.AuthStore;
import dev.flotilla.node.auth.Authorizer;
import dev.flotilla.node.store.ErrorCode;
import dev.flotilla.node.store.EtcdError;
import dev.flotilla.node.tls.TlsFiles;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty serving the etcd API on each listen client URL, plus the other APIs mounted by path prefix
 * ({@code /fleet/v1/}, {@code /flotilla/v1/}); whatever no mount claims goes to the etcd handler.
 */
public final class HttpServer implements AutoCloseable {
    private final Server server;
    private final Handler.Sequence routes = new Handler.Sequence();

    /** Flotilla's own APIs are guarded as this key: GETs need read permission on it, changes need write. */
    public static final String API_PERMISSION_KEY = "/_flotilla/api";

    private final Authorizer authorizer;

    public HttpServer(List<URI> listenUrls, NodeApi node) {
        this(listenUrls, node, null, null);
    }

    /** @param tls the certificate for https:// listen URLs; null when every URL is http:// */
    /** @param nodePassword the secret of this process's own services ({@link Authorizer#NODE_USER}) */
    public HttpServer(List<URI> listenUrls, NodeApi node, TlsFiles tls, String nodePassword) {
        QueuedThreadPool pool = new QueuedThreadPool(48, 4);
        pool.setName("http");
        server = new Server(pool);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        // bounded request headers: a client cannot make the server buffer without limit
        config.setRequestHeaderSize(16 * 1024);
        SslContextFactory.Server ssl = null;
        for (URI url : listenUrls) {
            ServerConnector c;
            if ("https".equals(url.getScheme())) {
                if (tls == null) {
                    throw new IllegalArgumentException("--listen-client-urls: " + url
                            + ": an https:// URL needs --cert-file and --key-file");
                }
                if (ssl == null) {
                    ssl = sslContextFactory(tls);
                }
                HttpConfiguration secure = new HttpConfiguration(config);
                SecureRequestCustomizer src = new SecureRequestCustomizer();
                // clients reach members by IP address; the certificate's names are the client's to check
                src.setSniHostCheck(false);
                secure.addCustomizer(src);
                c = new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, "http/1.1"),
                        new HttpConnectionFactory(secure));
            } else {
                c = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
            }
            c.setHost(url.getHost());
            c.setPort(url.getPort());
            c.setIdleTimeout(120_000);
            server.addConnector(c);
        }
        authorizer = new Authorizer(new AuthStore(node.store(), node::write), nodePassword);
        routes.addHandler(new EtcdHandler(node, authorizer));
        // bounded bodies and watches per client (RequestLimits); headers are bounded above
        server.setHandler(RequestLimits.wrap(routes, node.maxValueBytes(), node.maxWatchesPerClient()));
        server.setErrorHandler(new JsonErrorHandler(node));
    }

    /** Serves every request whose path starts with {@code prefix} by {@code handler}. Call before or after start. */
    public void mount(String prefix, Handler handler) {
        Handler.Abstract mounted = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (!Request.getPathInContext(request).startsWith(prefix)) {
                    return false;
                }
                String method = request.getMethod();
                boolean write = !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
                if (!authorizer.permits(request.getHeaders().get(HttpHeader.AUTHORIZATION), API_PERMISSION_KEY,
                        write, false)) {
                    Replies.cors(response);
                    response.getHeaders().put("X-Content-Type-Options", "nosniff");
                    Replies.send(response, callback, 401, Replies.JSON, new EtcdError(ErrorCode.UNAUTHORIZED,
                            "Insufficient credentials", 0).toJson());
                    return true;
                }
                return handler.handle(request, response, callback);
            }
        };
        // mounted prefixes come before the etcd handler, which answers everything else
        java.util.List<Handler> all = new java.util.ArrayList<>(routes.getHandlers());
        all.add(all.size() - 1, mounted);
        routes.setHandlers(all);
        handler.setServer(server);
        if (server.isStarted()) {
            try {
                handler.start();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the handler for " + prefix, e);
            }
        } else {
            routes.addBean(handler);
        }
    }

    private static SslContextFactory.Server sslContextFactory(TlsFiles tls) {
        TlsFiles.Material m = tls.load();
        SslContextFactory.Server f = new SslContextFactory.Server();
        f.setKeyStore(TlsFiles.keyStore(m));
        f.setKeyStorePassword(TlsFiles.password());
        f.setKeyManagerPassword(TlsFiles.password());
        if (!m.trusted().isEmpty()) {
            f.setTrustStore(TlsFiles.trustStore(m));
            f.setTrustStorePassword(TlsFiles.password());
        }
        f.setNeedClientAuth(tls.clientCertAuth());
        return f;
    }

    public void start() throws Exception {
        server.start();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
