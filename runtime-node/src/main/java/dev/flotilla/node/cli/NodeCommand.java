package dev.flotilla.node.cli;

import dev.flotilla.node.boot.BootException;
import dev.flotilla.node.boot.BootOptions;
import dev.flotilla.node.boot.BootPlan;
import dev.flotilla.node.discovery.DiscoveryHandler;
import dev.flotilla.node.server.ClusterServices;
import dev.flotilla.node.server.NodeConfig;
import java.io.File;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flotilla node}: runs a store member with etcd's flags and meanings. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Run a node: a store member (etcd v2 API on Raft, flags as etcd's), this machine's agent and "
                + "a candidate engine."},
        footerHeading = "%nExample:%n",
        footer = {"  flotilla node --name n1 --data-dir /var/lib/flotilla \\",
                "      --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \\",
                "      --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \\",
                "      --metadata region=us-east,disk=ssd"})
public final class NodeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--name", defaultValue = "default", description = "Human-readable member name.")
    String name;
    @Option(names = "--data-dir", description = "Data directory (default: <name>.etcd).")
    File dataDir;
    @Option(names = "--listen-client-urls", defaultValue = "http://localhost:2379")
    String listenClientUrls;
    @Option(names = "--advertise-client-urls", defaultValue = "http://localhost:2379")
    String advertiseClientUrls;
    @Option(names = "--listen-peer-urls", defaultValue = "http://localhost:2380",
            description = "Where the Raft (gRPC) server listens.")
    String listenPeerUrls;
    @Option(names = "--initial-advertise-peer-urls", defaultValue = "http://localhost:2380")
    String initialAdvertisePeerUrls;
    @Option(names = "--initial-cluster", description = "name=http://host:port,... (default: this member alone).")
    String initialCluster;
    @Option(names = "--initial-cluster-state", defaultValue = "new", description = "new or existing.")
    String initialClusterState;
    @Option(names = "--initial-cluster-token", defaultValue = "etcd-cluster")
    String initialClusterToken;
    @Option(names = "--snapshot-count", defaultValue = "10000", description = "Log entries between snapshots.")
    long snapshotCount;
    @Option(names = "--max-value-bytes", defaultValue = "1048576", description = "Largest value accepted.")
    long maxValueBytes;
    @Option(names = "--max-watches-per-client", defaultValue = "1000", paramLabel = "N",
            description = "Watches (wait=true, event streams, journal follows) one client address may keep open at "
                    + "once; more are refused with HTTP 429. Default: ${DEFAULT-VALUE}.")
    int maxWatchesPerClient;
    @Option(names = "--metadata", description = "This machine's metadata for MachineMetadata rules: k=v,k=v (fleet's "
            + "--metadata).")
    String metadata;
    @Option(names = "--public-ip", description = "The address other machines and users reach this machine at "
            + "(fleet's public-ip; default: the advertised client URL's host).")
    String publicIp;
    @Option(names = "--agent-ttl", defaultValue = "5s", converter = DurationConverter.class,
            description = "How long this machine's record outlives its last heartbeat (fleet's agent_ttl; "
                    + "default ${DEFAULT-VALUE}). A machine silent that long is gone and its units move.")
    java.time.Duration agentTtl;
    @Option(names = "--store-only", description = "Run only the store member: no agent, no engine.")
    boolean storeOnly;
    @Option(names = "--stop-units-on-exit", description = "Stop this machine's units when the node stops (by "
            + "default they keep running and a restarted node re-adopts them).")
    boolean stopUnitsOnExit;

    // --cert-file and --key-file are the global options: for a node they are its server certificate, as in etcd
    @Option(names = "--trusted-ca-file", paramLabel = "PEM",
            description = "CA certificates client certificates must be signed by (with --client-cert-auth).")
    java.nio.file.Path trustedCaFile;
    @Option(names = "--client-cert-auth", description = "Require a client certificate signed by --trusted-ca-file "
            + "on https:// client URLs.")
    boolean clientCertAuth;
    @Option(names = "--peer-cert-file", paramLabel = "PEM", description = "Certificate of the Raft transport "
            + "(https:// peer URLs); it is both the server and the client certificate between members.")
    java.nio.file.Path peerCertFile;
    @Option(names = "--peer-key-file", paramLabel = "PEM", description = "Private key of --peer-cert-file.")
    java.nio.file.Path peerKeyFile;
    @Option(names = "--peer-trusted-ca-file", paramLabel = "PEM",
            description = "CA certificates other members' certificates must be signed by.")
    java.nio.file.Path peerTrustedCaFile;
    @Option(names = "--peer-client-cert-auth", description = "Require members to present a certificate signed by "
            + "--peer-trusted-ca-file.")
    boolean peerClientCertAuth;

    @CommandLine.Mixin
    BootOptions boot = new BootOptions();

    @Override
    public Integer call() throws Exception {
        quietLogging();
        NodeConfig c = new NodeConfig();
        BootPlan plan;
        try {
            c.name = name;
            c.dataDir = dataDir;
            c.listenClientUrls = NodeConfig.urls("--listen-client-urls", listenClientUrls);
            c.advertiseClientUrls = NodeConfig.urls("--advertise-client-urls", advertiseClientUrls);
            c.listenPeerUrls = NodeConfig.urls("--listen-peer-urls", listenPeerUrls);
            c.initialAdvertisePeerUrls = NodeConfig.urls("--initial-advertise-peer-urls", initialAdvertisePeerUrls);
            if (initialCluster != null) {
                c.initialCluster = NodeConfig.initialCluster(initialCluster);
            }
            c.initialClusterState = initialClusterState;
            c.initialClusterToken = initialClusterToken;
            c.snapshotCount = snapshotCount;
            c.maxValueBytes = maxValueBytes;
            c.maxWatchesPerClient = maxWatchesPerClient;
            GlobalOptions globals = GlobalOptions.of(spec);
            c.certFile = globals.certFile;
            c.keyFile = globals.keyFile;
            c.trustedCaFile = trustedCaFile;
            c.clientCertAuth = clientCertAuth;
            c.peerCertFile = peerCertFile;
            c.peerKeyFile = peerKeyFile;
            c.peerTrustedCaFile = peerTrustedCaFile;
            c.peerClientCertAuth = peerClientCertAuth;
            // checks the cloud-config (if any) and the flags together; changes nothing
            plan = BootPlan.prepare(boot, c, spec.commandLine().getParseResult());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        } catch (BootException e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        PrintWriter err = spec.commandLine().getErr();
        plan.notes().forEach(err::println);
        err.flush();
        try {
            c = plan.execute(line -> {
                err.println(line);
                err.flush();
            });
        } catch (BootException e) {
            err.println(e.getMessage());
            err.flush();
            return 1;
        }
        // the cloud-config's coreos.fleet metadata, with --metadata on top (flags override the file)
        java.util.Map<String, String> md = new java.util.TreeMap<>(plan.metadata());
        try {
            md.putAll(parseMetadata(metadata));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        dev.flotilla.node.server.FlotillaNode node = new dev.flotilla.node.server.FlotillaNode(c);
        ClusterServices.Settings settings = new ClusterServices.Settings(md,
                publicIp != null ? publicIp : plan.publicIp().orElse(null), agentTtl, agentTtl,
                plan.sshAuthorizedKeys(), plan.userNames(), stopUnitsOnExit, boot.root());
        ClusterServices services = storeOnly ? null : new ClusterServices(node, settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (services != null) services.close();
            node.close();
            stopped.countDown();
        }, "shutdown"));
        node.start();
        if (services != null) services.start();
        // any node also serves etcd's discovery API (/new?size=N, /<token>) from its own store
        node.http().mount("/", new DiscoveryHandler(node, java.util.Optional.empty()));
        plan.afterServing(node);
        // a member removed from the cluster stops; like etcd, that is a normal end (exit 0) after saying so
        node.removed().thenAccept(why -> {
            err.println("flotilla node: " + why);
            err.flush();
            stopped.countDown();
        });
        stopped.await();
        return 0;
    }

    /** fleet's metadata flag: {@code k=v,k=v}; keys and values non-empty. */
    static java.util.Map<String, String> parseMetadata(String text) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        if (text == null || text.isBlank()) return out;
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException("--metadata: \"" + pair.strip() + "\" is not key=value "
                        + "(expected k=v,k=v, e.g. region=us-east,disk=ssd)");
            }
            out.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return out;
    }

    /** INFO to stderr for Flotilla; Ratis and Jetty only when something is wrong. */
    static void quietLogging() {
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
        setDefault("org.slf4j.simpleLogger.log.org.apache.ratis", "error");
        setDefault("org.slf4j.simpleLogger.log.org.apache.ratis.thirdparty", "off");
        setDefault("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        // gRPC inside Ratis logs through java.util.logging
        java.util.logging.Logger.getLogger("org.apache.ratis.thirdparty").setLevel(java.util.logging.Level.WARNING);
        QUIET_JUL.add(java.util.logging.Logger.getLogger("org.apache.ratis.thirdparty"));
    }

    /** Strong references: java.util.logging forgets the level of a logger nobody holds. */
    private static final java.util.List<java.util.logging.Logger> QUIET_JUL = new java.util.ArrayList<>();

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
