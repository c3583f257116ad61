package dev.flotilla.node.cli;

import dev.flotilla.node.discovery.DiscoveryHandler;
import dev.flotilla.node.server.FlotillaNode;
import dev.flotilla.node.server.NodeConfig;
import java.io.File;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flotilla discovery}: a discovery service like discovery.etcd.io, backed by a single-member Flotilla store
 * (so tokens survive a restart on the same data directory), serving {@code /new?size=N}, {@code /<token>} and the
 * whole etcd v2 API.
 */
@Command(name = "discovery", mixinStandardHelpOptions = true,
        description = {"Run an etcd discovery service (as discovery.etcd.io) on its own one-member store.",
                "GET /new?size=N answers a token URL for: flotilla node --discovery URL"},
        footerHeading = "%nExample:%n",
        footer = {"  flotilla discovery --listen http://127.0.0.1:7001 --data-dir discovery.data",
                "  curl 'http://127.0.0.1:7001/new?size=3'"})
public final class DiscoveryCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--listen", paramLabel = "URL", defaultValue = "http://127.0.0.1:8087",
            description = "Where the service listens (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--advertise", paramLabel = "URL",
            description = "Base of the token URLs handed out (default: the address each client used).")
    String advertise;

    @Option(names = "--listen-peer-url", paramLabel = "URL",
            description = "The store's Raft port (default: the --listen port + 1 on the same host).")
    String peer;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "discovery.etcd",
            description = "The store's data directory (default: ${DEFAULT-VALUE}).")
    File dataDir;

    @Override
    public Integer call() throws Exception {
        NodeCommand.quietLogging();
        NodeConfig c = new NodeConfig();
        Optional<URI> base;
        try {
            c.name = "discovery";
            c.dataDir = dataDir;
            c.listenClientUrls = NodeConfig.urls("--listen", listen);
            URI l = c.listenClientUrls.get(0);
            c.advertiseClientUrls = c.listenClientUrls;
            String peerUrl = peer != null ? peer : "http://" + l.getHost() + ":" + (l.getPort() + 1);
            c.listenPeerUrls = NodeConfig.urls("--listen-peer-url", peerUrl);
            c.initialAdvertisePeerUrls = c.listenPeerUrls;
            c.initialClusterToken = "flotilla-discovery";
            c.validate();
            base = advertise == null ? Optional.empty() : Optional.of(NodeConfig.urls("--advertise", advertise).get(0));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        FlotillaNode node = new FlotillaNode(c);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "shutdown"));
        node.start();
        node.http().mount("/", new DiscoveryHandler(node, base));
        PrintWriter err = spec.commandLine().getErr();
        err.println("flotilla discovery: serving on " + List.of(listen) + "; new tokens from " + listen
                + "/new?size=N; data in " + dataDir);
        err.flush();
        stopped.await();
        return 0;
    }
}
