package dev.flotilla.node.http;

import java.net.URI;
import java.util.List;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Jetty serving the etcd API on each listen client URL. */
public final class HttpServer implements AutoCloseable {
    private final Server server;

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
        server.setHandler(new EtcdHandler(node));
    }

    public void start() throws Exception {
        server.start();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
