package dev.flotilla.node.boot;

import dev.flotilla.node.cloudconfig.Addresses;
import dev.flotilla.node.cloudconfig.ClusterState;
import dev.flotilla.node.cloudconfig.CloudConfig;
import dev.flotilla.node.cloudconfig.CloudConfigLoader;
import dev.flotilla.node.cloudconfig.Diagnostic;
import dev.flotilla.node.cloudconfig.FleetSettings;
import dev.flotilla.node.cloudconfig.NodeSettings;
import dev.flotilla.node.cloudconfig.UserSpec;
import dev.flotilla.node.cloudconfig.WriteFilesApplier;
import dev.flotilla.node.discovery.DiscoveryClient;
import dev.flotilla.node.discovery.DiscoveryException;
import dev.flotilla.node.machine.MachineIdentity;
import dev.flotilla.node.raft.Ids;
import dev.flotilla.node.server.FlotillaNode;
import dev.flotilla.node.server.NodeConfig;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import picocli.CommandLine.ParseResult;

/**
 * A node's boot, decided before anything happens. {@link #prepare} loads and checks the cloud-config, merges it
 * with the command line (a flag given there wins), checks the resulting member configuration, the units and the
 * write_files: a problem anywhere refuses the boot with every diagnostic, and nothing has been changed (no data
 * directory, no file written). Then:
 * <ol>
 * <li>{@link #execute}: bootstrap through etcd discovery when asked (once: the cluster found is kept in the data
 * directory), write the write_files under the root; returns the member configuration to start;</li>
 * <li>{@link #afterServing}: once the node serves, submit the cloud-config's units pinned to this machine.</li>
 * </ol>
 * The plan also carries what the machine's agent and engine need: metadata, fleet settings, users and SSH keys.
 */
public final class BootPlan {
    /** The initial cluster found by discovery, kept so a restart does not need the discovery service again. */
    public static final String DISCOVERED_CLUSTER_FILE = "discovered-cluster";

    private final NodeConfig config;
    private final Optional<CloudConfig> cloudConfig;
    private final Optional<String> discovery;
    private final Path root;
    private final List<String> notes;
    private final List<BootUnits.Planned> units;
    private final NodeSettings settings;

    private BootPlan(NodeConfig config, Optional<CloudConfig> cloudConfig, Optional<String> discovery, Path root,
                     List<String> notes, List<BootUnits.Planned> units, NodeSettings settings) {
        this.config = config;
        this.cloudConfig = cloudConfig;
        this.discovery = discovery;
        this.root = root;
        this.notes = List.copyOf(notes);
        this.units = List.copyOf(units);
        this.settings = settings;
    }

    /**
     * Checks everything and decides the boot; changes nothing.
     *
     * @param base   the member configuration from the command line (flag values or their defaults), not validated
     * @param parsed the node command's parse result: tells which flags were given (those beat the cloud-config);
     *               null when there is no command line
     * @throws BootException            the cloud-config (or what it leads to) is refused; the message lists why
     * @throws IllegalArgumentException a flag given on the command line is wrong (a usage error)
     */
    public static BootPlan prepare(BootOptions options, NodeConfig base, ParseResult parsed) throws BootException {
        Flags flags = new Flags(parsed);
        List<String> notes = new ArrayList<>();
        Optional<CloudConfig> cc = Optional.empty();
        String source = "";
        if (options.cloudConfig != null) {
            Addresses addresses = Addresses.of(options.publicIpv4, options.privateIpv4).orElse(Addresses.detect());
            CloudConfigLoader.Result loaded = CloudConfigLoader.load(options.cloudConfig, addresses);
            List<String> errors = new ArrayList<>();
            for (Diagnostic d : loaded.diagnostics()) {
                (d.isError() ? errors : notes).add(d.format());
            }
            if (!loaded.ok()) {
                throw refused(options.cloudConfig.toString(), errors, notes);
            }
            cc = loaded.config();
            source = cc.get().source();
        }
        if (options.discovery != null && flags.given("--initial-cluster")) {
            throw new IllegalArgumentException("multiple discovery or bootstrap flags are set: choose one of "
                    + "--initial-cluster or --discovery");
        }
        NodeSettings fromFlags = flags.settings(options);
        NodeSettings merged = cc.map(NodeSettings::from).orElse(NodeSettings.empty()).overriddenBy(fromFlags);
        List<String> errors = new ArrayList<>();
        dev.flotilla.node.cloudconfig.TlsSettings tls = cc.flatMap(x -> x.etcd2())
                .map(e -> e.tls()).orElse(dev.flotilla.node.cloudconfig.TlsSettings.NONE);
        applyTls(base, tls, options.root);
        NodeConfig c = apply(base, merged, flags, options.root, source, errors);
        List<BootUnits.Planned> units = List.of();
        if (cc.isPresent()) {
            BootUnits.Outcome u = BootUnits.plan(cc.get());
            notes.addAll(u.notes());
            errors.addAll(u.errors());
            units = u.units();
            if (!cc.get().writeFiles().isEmpty()) {
                if (options.root == null) {
                    errors.add(source + ": error: write_files: " + cc.get().writeFiles().size()
                            + " file(s) to write but no --root DIR given (files are written only under a root the "
                            + "node is given)");
                } else {
                    for (Diagnostic d : WriteFilesApplier.check(cc.get(), options.root).diagnostics()) {
                        (d.isError() ? errors : notes).add(d.format());
                    }
                }
            }
            String file = source;
            merged.electionTimeoutMs().ifPresent(ms -> notes.add(file + ": warning: election-timeout "
                    + ms + " ms is not applied: the store's Raft timing is fixed"));
            merged.heartbeatIntervalMs().ifPresent(ms -> notes.add(file + ": warning: heartbeat-interval "
                    + ms + " ms is not applied: the store's Raft timing is fixed"));
        }
        if (!errors.isEmpty()) {
            throw refused(source, errors, notes);
        }
        return new BootPlan(c, cc, merged.discovery(), options.root, notes, units, merged);
    }

    private static BootException refused(String source, List<String> errors, List<String> notes) {
        List<String> lines = new ArrayList<>(errors);
        lines.addAll(notes);
        lines.add("flotilla node: refusing to start: " + errors.size() + " error" + (errors.size() == 1 ? "" : "s")
                + " in " + (source.isEmpty() ? "the configuration" : source) + "; nothing was changed");
        return new BootException(String.join("\n", lines));
    }

    /** The merged settings onto the command line's configuration; a bad value from the file is an error line. */
    private static NodeConfig apply(NodeConfig c, NodeSettings s, Flags flags, Path root, String source,
                                    List<String> errors) {
        Optional<String> name = s.name().or(() -> flags.given("--name") ? Optional.empty() : s.hostname());
        name.ifPresent(n -> c.name = n);
        fromFile(flags, "--listen-client-urls", source, errors, s.listenClientUrls(),
                v -> c.listenClientUrls = NodeConfig.urls("--listen-client-urls", v));
        fromFile(flags, "--advertise-client-urls", source, errors, s.advertiseClientUrls(),
                v -> c.advertiseClientUrls = NodeConfig.urls("--advertise-client-urls", v));
        fromFile(flags, "--listen-peer-urls", source, errors, s.listenPeerUrls(),
                v -> c.listenPeerUrls = NodeConfig.urls("--listen-peer-urls", v));
        fromFile(flags, "--initial-advertise-peer-urls", source, errors, s.initialAdvertisePeerUrls(),
                v -> c.initialAdvertisePeerUrls = NodeConfig.urls("--initial-advertise-peer-urls", v));
        if (!s.initialCluster().isEmpty()) {
            fromFile(flags, "--initial-cluster", source, errors, List.of(s.initialClusterFlag()),
                    v -> c.initialCluster = NodeConfig.initialCluster(v));
        }
        s.initialClusterState().ifPresent(st -> c.initialClusterState = st.flagValue());
        s.initialClusterToken().ifPresent(t -> c.initialClusterToken = t);
        if (!flags.given("--data-dir") && s.dataDirHint().isPresent()) {
            String hint = s.dataDirHint().get();
            // the cloud-config describes a machine whose file system starts at --root
            c.dataDir = root == null ? new File(hint) : root.resolve(hint.replaceFirst("^/+", "")).toFile();
        }
        if (s.discovery().isPresent()) {
            String url = s.discovery().get();
            try {
                DiscoveryClient.parse(url);
            } catch (DiscoveryException e) {
                errors.add(where(flags, "--discovery", source) + e.getMessage());
            }
            if ("existing".equals(c.initialClusterState)) {
                errors.add(where(flags, "--discovery", source)
                        + "discovery bootstraps a new cluster; it cannot be used with initial-cluster-state existing");
            }
            // as etcd: the discovery URL is the cluster token, so every member derives the same IDs
            c.initialClusterToken = url;
            c.initialCluster = new LinkedHashMap<>();
        }
        if (!errors.isEmpty()) {
            return c;
        }
        try {
            c.validate();
        } catch (IllegalArgumentException e) {
            if (source.isEmpty()) {
                throw e;
            }
            errors.add(source + ": error: with the cloud-config's settings: " + e.getMessage());
        }
        return c;
    }

    /**
     * The cloud-config's TLS files and switches, where no flag gave them (flags override the file). Paths are the
     * described machine's, so they are taken under --root when one is given, as the data directory is.
     */
    private static void applyTls(NodeConfig c, dev.flotilla.node.cloudconfig.TlsSettings t, Path root) {
        java.util.function.Function<String, Path> file = p -> root == null ? Path.of(p)
                : root.resolve(p.replaceFirst("^/+", ""));
        // a value from the command line (set in c already, before or after the verb) wins
        if (c.certFile == null) t.certFile().map(file).ifPresent(p -> c.certFile = p);
        if (c.keyFile == null) t.keyFile().map(file).ifPresent(p -> c.keyFile = p);
        if (c.trustedCaFile == null) t.trustedCaFile().map(file).ifPresent(p -> c.trustedCaFile = p);
        if (!c.clientCertAuth) t.clientCertAuth().ifPresent(v -> c.clientCertAuth = v);
        if (c.peerCertFile == null) t.peerCertFile().map(file).ifPresent(p -> c.peerCertFile = p);
        if (c.peerKeyFile == null) t.peerKeyFile().map(file).ifPresent(p -> c.peerKeyFile = p);
        if (c.peerTrustedCaFile == null) t.peerTrustedCaFile().map(file).ifPresent(p -> c.peerTrustedCaFile = p);
        if (!c.peerClientCertAuth) t.peerClientCertAuth().ifPresent(v -> c.peerClientCertAuth = v);
    }

    private interface Setter {
        void set(String value);
    }

    private static void fromFile(Flags flags, String flag, String source, List<String> errors, List<String> values,
                                 Setter setter) {
        if (values.isEmpty()) {
            return;
        }
        try {
            setter.set(String.join(",", values));
        } catch (IllegalArgumentException e) {
            if (flags.given(flag) || source.isEmpty()) {
                throw e;
            }
            errors.add(source + ": error: " + e.getMessage());
        }
    }

    private static String where(Flags flags, String flag, String source) {
        return flags.given(flag) || source.isEmpty() ? flag + ": " : source + ": error: ";
    }

    // ------------------------------------------------------------------------------------------------ acting

    /**
     * Bootstraps and writes files; returns the configuration to start the member with.
     *
     * @param log receives progress lines (discovery steps)
     * @throws BootException discovery refused this member (e.g. {@code discovery: cluster is full}) or the files
     *                       could not be written (then none were)
     */
    public NodeConfig execute(Consumer<String> log) throws BootException, InterruptedException {
        if (discovery.isPresent()) {
            discover(log);
        }
        if (cloudConfig.isPresent() && !cloudConfig.get().writeFiles().isEmpty()) {
            WriteFilesApplier.Result r = WriteFilesApplier.apply(cloudConfig.get(), root);
            if (!r.ok()) {
                List<String> lines = new ArrayList<>();
                r.diagnostics().forEach(d -> lines.add(d.format()));
                lines.add("flotilla node: refusing to start: write_files could not be written (none were)");
                throw new BootException(String.join("\n", lines));
            }
            for (Path p : r.written()) {
                log.accept("write_files: wrote " + p);
            }
        }
        return config;
    }

    private void discover(Consumer<String> log) throws BootException, InterruptedException {
        Path kept = config.dataDir.toPath().resolve(DISCOVERED_CLUSTER_FILE);
        try {
            if (Files.isRegularFile(kept)) {
                config.initialCluster = NodeConfig.initialCluster(Files.readString(kept, StandardCharsets.UTF_8).trim());
                log.accept("discovery: " + discovery.get() + " ignored: this member already bootstrapped ("
                        + kept + ")");
                return;
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new BootException(kept + ": unreadable (" + e.getMessage() + "); the data directory is damaged");
        }
        List<String> peerUrls = new ArrayList<>();
        config.initialAdvertisePeerUrls.forEach(u -> peerUrls.add(u.toString()));
        String memberId = Ids.memberId(peerUrls, config.initialClusterToken);
        Map<String, List<String>> cluster;
        try {
            cluster = new DiscoveryClient(discovery.get(), memberId, config.name, peerUrls, log).join();
        } catch (DiscoveryException e) {
            throw new BootException(e.getMessage());
        }
        config.initialCluster = new LinkedHashMap<>(cluster);
        config.validate();
        try {
            Files.createDirectories(config.dataDir.toPath());
            Path tmp = Files.createTempFile(config.dataDir.toPath(), DISCOVERED_CLUSTER_FILE, ".tmp");
            Files.writeString(tmp, initialClusterText(cluster) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, kept, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new BootException("--data-dir: cannot keep the discovered cluster in " + kept + ": " + e);
        }
        log.accept("discovery: cluster of " + cluster.size() + " found: " + initialClusterText(cluster));
    }

    private static String initialClusterText(Map<String, List<String>> cluster) {
        List<String> parts = new ArrayList<>();
        cluster.forEach((n, urls) -> urls.forEach(u -> parts.add(n + "=" + u)));
        return String.join(",", parts);
    }

    /**
     * The hook to call once the member serves: submits the boot units pinned to this machine, in the background.
     * The future completes when all are written; it never fails on a unit the store refuses (that is noted).
     */
    public CompletableFuture<List<UnitSubmitter.Submitted>> afterServing(FlotillaNode node) throws IOException {
        if (units.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        String machineId = MachineIdentity.loadOrCreate(config.dataDir.toPath());
        // the node's own client: https with its CA and certificate, and its credentials once auth is on
        return UnitSubmitter.submitAsync(node.selfClient(List.of(selfClientUrl())), machineId, units);
    }

    /** The node's own client URL, reachable from this process (a wildcard listen address means loopback). */
    URI selfClientUrl() {
        URI u = config.listenClientUrls.get(0);
        String host = u.getHost();
        if (host.equals("0.0.0.0") || host.equals("[::]") || host.equals("::")) {
            host = "127.0.0.1";
        }
        // the listen URL's own scheme: an https node answers plain http with a TLS alert, never a reply
        return URI.create(u.getScheme() + "://" + host + ":" + u.getPort());
    }

    // ------------------------------------------------------------------------------------------------ results

    /** The member configuration (final after {@link #execute}). */
    public NodeConfig config() {
        return config;
    }

    public Optional<CloudConfig> cloudConfig() {
        return cloudConfig;
    }

    /** Warnings and notes to print: ignored keys, units not submitted, settings not applied. */
    public List<String> notes() {
        return notes;
    }

    /** The units submitted and started (or loaded) on this machine once it serves. */
    public List<BootUnits.Planned> units() {
        return units;
    }

    /** fleet machine metadata: the cloud-config's {@code coreos.fleet.metadata}, or the command line's. */
    public Map<String, String> metadata() {
        return settings.metadata();
    }

    public Optional<String> hostname() {
        return settings.hostname();
    }

    /** fleet's {@code public-ip}: the address the machine record advertises. */
    public Optional<String> publicIp() {
        return settings.publicIp();
    }

    /** {@code coreos.fleet}: agent-ttl, engine-reconcile-interval, ... */
    public Optional<FleetSettings> fleet() {
        return cloudConfig.flatMap(CloudConfig::fleet);
    }

    public List<UserSpec> users() {
        return cloudConfig.map(CloudConfig::users).orElse(List.of());
    }

    public List<String> userNames() {
        return users().stream().map(UserSpec::name).toList();
    }

    /** Every SSH key the cloud-config names, top-level and per user, each once, for the machine record. */
    public List<String> sshAuthorizedKeys() {
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        cloudConfig.ifPresent(c -> keys.addAll(c.sshAuthorizedKeys()));
        users().forEach(u -> keys.addAll(u.sshAuthorizedKeys()));
        return List.copyOf(keys);
    }

    // ------------------------------------------------------------------------------------------------ flags

    /** Which node flags were given on the command line, and their values as cloud-config settings. */
    private static final class Flags {
        private final ParseResult parsed;

        Flags(ParseResult parsed) {
            this.parsed = parsed;
        }

        boolean given(String flag) {
            return parsed != null && parsed.hasMatchedOption(flag);
        }

        Optional<String> str(String flag) {
            if (!given(flag)) {
                return Optional.empty();
            }
            Object v = parsed.matchedOptionValue(flag, null);
            return Optional.ofNullable(v).map(Object::toString);
        }

        List<String> list(String flag) {
            return str(flag).map(v -> List.of(v.split(","))).map(l -> l.stream().map(String::trim)
                    .filter(x -> !x.isEmpty()).toList()).orElse(List.of());
        }

        NodeSettings settings(BootOptions o) {
            Map<String, List<String>> cluster = str("--initial-cluster").map(NodeConfig::initialCluster)
                    .orElse(Map.of());
            Optional<ClusterState> state = str("--initial-cluster-state").map(v -> switch (v) {
                case "new" -> ClusterState.NEW;
                case "existing" -> ClusterState.EXISTING;
                default -> throw new IllegalArgumentException("--initial-cluster-state: \"" + v
                        + "\": expected new or existing");
            });
            Map<String, String> metadata = new LinkedHashMap<>();
            str("--metadata").ifPresent(v -> {
                for (String kv : v.split(",")) {
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        metadata.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
                    }
                }
            });
            return new NodeSettings(str("--name"), Optional.empty(), Optional.empty(),
                    list("--listen-client-urls"), list("--advertise-client-urls"), list("--listen-peer-urls"),
                    list("--initial-advertise-peer-urls"), cluster, state, str("--initial-cluster-token"),
                    Optional.ofNullable(o.discovery), metadata, Optional.empty(), Optional.empty(),
                    Optional.empty());
        }
    }
}
