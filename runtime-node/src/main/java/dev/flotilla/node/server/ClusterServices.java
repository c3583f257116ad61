package dev.flotilla.node.server;

import dev.flotilla.core.client.ClientConfig;
import dev.flotilla.core.client.ConfigException;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.core.unit.MachineContext;
import dev.flotilla.node.agent.AgentService;
import dev.flotilla.node.agent.UnitAgent;
import dev.flotilla.node.agent.container.ContainerException;
import dev.flotilla.node.agent.container.DockerEngine;
import dev.flotilla.node.agent.container.DockerEngineInfo;
import dev.flotilla.node.cluster.Records;
import dev.flotilla.node.engine.EngineService;
import dev.flotilla.node.engine.ModelRulesResolver;
import dev.flotilla.core.api.KeyNode;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.KeysResult;
import dev.flotilla.node.cluster.Keyspace;
import dev.flotilla.node.fleet.FleetApiHandler;
import dev.flotilla.node.fleet.FlotillaApiHandler;
import dev.flotilla.node.journal.JournalForwarder;
import dev.flotilla.node.journal.JournalHandler;
import dev.flotilla.node.journal.Journals;
import dev.flotilla.node.machine.MachineIdentity;
import dev.flotilla.node.machine.MachineRegistration;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What makes a store member a Flotilla machine: its identity and heartbeat, the agent that runs the units scheduled
 * here, the engine (active on whichever node holds the engine lease) and the machine-level HTTP APIs.
 * They reach the store through the keys API of this very member, like any other client: the same code path works
 * from every node, and writes go through Raft.
 */
public final class ClusterServices implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterServices.class);

    /** Settings of the machine-level services (fleet's agent and engine options). */
    /** @param root the node's root ({@code --root}): units' WorkingDirectory=/EnvironmentFile= stay inside it; null for / */
    public record Settings(Map<String, String> metadata, String publicIp, Duration agentTtl, Duration engineLeaseTtl,
                           List<String> sshAuthorizedKeys, List<String> users, boolean stopUnitsOnExit,
                           java.nio.file.Path root) {
        public static Settings defaults() {
            return new Settings(Map.of(), null, Duration.ofSeconds(5), Duration.ofSeconds(5), List.of(), List.of(),
                    false, null);
        }
    }

    private final FlotillaNode node;
    private final Settings settings;
    private final List<AutoCloseable> started = new ArrayList<>();
    private String machineId;
    private UnitAgent agent;
    private EngineService engine;

    public ClusterServices(FlotillaNode node, Settings settings) {
        this.node = node;
        this.settings = settings;
    }

    public String machineId() { return machineId; }

    public EngineService engine() { return engine; }

    public void start() throws IOException, ConfigException {
        NodeConfig c = node.config();
        Path dataDir = c.dataDir.toPath();
        machineId = MachineIdentity.loadOrCreate(dataDir);
        List<URI> self = new ArrayList<>(c.advertiseClientUrls);
        KeysClient store = KeysClient.create(node.selfClient(self)
                .requestTimeout(Duration.ofSeconds(5)).build());

        Journals journals = new Journals(dataDir.resolve("journal"));
        // the forwarder goes first: a unit running elsewhere is answered by its own machine's node
        node.http().mount(JournalHandler.PREFIX, new JournalForwarder(unit -> locate(store, unit),
                self.isEmpty() ? "" : self.get(0).toString(), c.clientTls() == null ? null
                        : dev.flotilla.core.client.PemTls.sslContext(c.trustedCaFile, c.certFile, c.keyFile)));
        node.http().mount(JournalHandler.PREFIX, new JournalHandler(journals));
        // fleet's API v1 and Flotilla's extensions, served by every node from the store
        node.http().mount(FleetApiHandler.PREFIX + "/", new FleetApiHandler(store));
        node.http().mount(FlotillaApiHandler.PREFIX + "/", new FlotillaApiHandler(store, new ModelRulesResolver()));
        DockerEngine docker = connectDocker();
        agent = new UnitAgent(dataDir, journals, docker);
        started.add(agent);

        String hostname = hostname();
        MachineContext context = new MachineContext(hostname, machineId, bootId());
        AgentService agentService = new AgentService(store, machineId, context, agent, settings.root());
        started.add(agentService);

        String primaryIp = MachineIdentity.primaryIp(settings.publicIp() != null ? settings.publicIp()
                : self.isEmpty() ? null : self.get(0).getHost());
        String clientUrl = self.isEmpty() ? null : self.get(0).toString();
        MachineRegistration registration = new MachineRegistration(store, () -> new Records.Machine(machineId,
                primaryIp, hostname, settings.metadata(), clientUrl, version(), dockerRecord(agent.dockerInfo()),
                settings.sshAuthorizedKeys(), settings.users()), settings.agentTtl());
        started.add(registration);

        engine = new EngineService(store, machineId, new ModelRulesResolver(), settings.engineLeaseTtl());
        started.add(engine);

        registration.start();
        agentService.start();
        engine.start();
        LOG.info("machine {} ({}) ready: agent following its schedule, engine standing for the lease", machineId,
                primaryIp);
    }

    /** The client URL of the node whose machine runs the unit now (an active one first), if any. */
    static Optional<URI> locate(KeysClient store, String unit) {
        try {
            KeysResult r = store.get(Keyspace.stateDir(unit));
            String chosen = null;
            for (KeyNode n : r.node().children()) {
                Records.UnitState st = Records.read(n.value(), Records.UnitState.class);
                if (st == null) continue;
                if (chosen == null || "active".equals(st.active())) chosen = st.machineID();
            }
            if (chosen == null) return Optional.empty();
            Records.Machine m = Records.read(store.get(Keyspace.machine(chosen)).node().value(), Records.Machine.class);
            return m == null || m.clientURL() == null ? Optional.empty() : Optional.of(URI.create(m.clientURL()));
        } catch (ClientException e) {
            return Optional.empty();
        }
    }

    private static DockerEngine connectDocker() {
        Optional<String> host = DockerEngine.detectHost(System.getenv());
        if (host.isEmpty()) {
            LOG.info("no Docker engine found (DOCKER_HOST or /var/run/docker.sock): container units will fail here");
            return null;
        }
        try {
            return DockerEngine.connect(host.get());
        } catch (ContainerException e) {
            LOG.warn("Docker engine at {} unusable: {}; container units will fail here", host.get(), e.getMessage());
            return null;
        }
    }

    private static Map<String, Object> dockerRecord(Optional<DockerEngineInfo> info) {
        if (info.isEmpty()) return null;
        DockerEngineInfo d = info.get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", d.serverVersion());
        m.put("host", d.host());
        m.put("apiVersion", d.apiVersion());
        m.put("containers", d.containers());
        m.put("containersRunning", d.containersRunning());
        m.put("images", d.images());
        return m;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** The kernel's boot ID when there is one (%b), else one per process. */
    private static String bootId() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim().replace("-", "");
        } catch (IOException e) {
            return UUID.randomUUID().toString().replace("-", "");
        }
    }

    private static String version() {
        String v = ClusterServices.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * Stops following the cluster. Units keep running (a restarted node re-adopts them) unless the settings ask to
     * stop them (the local demo cluster does, so Ctrl-C leaves nothing behind).
     */
    @Override
    public void close() {
        if (settings.stopUnitsOnExit() && agent != null) {
            for (var s : agent.statuses()) {
                try {
                    agent.unload(s.name()).get(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.warn("could not stop {} before exit: {}", s.name(), e.toString());
                }
            }
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.debug("closing {}", started.get(i), e);
            }
        }
    }
}
