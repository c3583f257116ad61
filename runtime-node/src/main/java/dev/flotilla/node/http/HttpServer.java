package dev.flotilla.node.http;

import java.net.URI;
import java.util.List;
import org.eclipse.jetty.server.Handler;
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

    public HttpServer(List<URI> listenUrls, NodeApi node) {
        QueuedThreadPool pool = new QueuedThreadPool(48, 4);
        pool.setName("http");
        server = new Server(pool);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        for (URI url : listenUrls) {
            ServerConnector c = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
            c.setHost(url.getHost());
            c.setPort(url.getPort());
            c.setIdleTimeout(120_000);
            server.addConnector(c);
        }
        routes.addHandler(new EtcdHandler(node));
        server.setHandler(routes);
        server.setErrorHandler(new JsonErrorHandler(node));
    }

    /** Serves every request whose path starts with {@code prefix} by {@code handler}. Call before or after start. */
    public void mount(String prefix, Handler handler) {
        Handler.Abstract mounted = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                return Request.getPathInContext(request).startsWith(prefix) && handler.handle(request, response, callback);
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

    public void start() throws Exception {
        server.start();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
