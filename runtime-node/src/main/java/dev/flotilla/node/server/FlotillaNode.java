package dev.flotilla.node.server;

import dev.flotilla.node.http.HttpServer;
import dev.flotilla.node.http.NodeApi;
import dev.flotilla.node.raft.ApplyResult;
import dev.flotilla.node.raft.Command;
import dev.flotilla.node.raft.Ids;
import dev.flotilla.node.raft.Member;
import dev.flotilla.node.raft.Members;
import dev.flotilla.node.raft.Proposer;
import dev.flotilla.node.raft.RaftNode;
import dev.flotilla.node.raft.StoreStateMachine;
import dev.flotilla.node.store.EtcdJson;
import dev.flotilla.node.store.Store;
import dev.flotilla.node.store.V2Request;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.ratis.proto.RaftProtos;
import org.apache.ratis.protocol.RaftPeer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running store member: store + Ratis + HTTP, and the periodic duties of a member and of the leader. */
public final class FlotillaNode implements NodeApi, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FlotillaNode.class);
    private static final long TICK_MS = 100;

    private final NodeConfig config;
    private final String selfId;
    private final Store store = new Store();
    private final Members members = new Members();
    private final long origin = RaftNode.newOrigin();
    private final long startNanos = now();
    private final List<String> clientUrls = new ArrayList<>();
    private final AtomicBoolean bootstrapping = new AtomicBoolean();
    private final AtomicBoolean expiring = new AtomicBoolean();
    private final AtomicBoolean publishing = new AtomicBoolean();
    private final AtomicBoolean reconciling = new AtomicBoolean();
    private StoreStateMachine stateMachine;
    private RaftNode raft;
    private Proposer proposer;
    private volatile dev.flotilla.node.http.RelayClient relayClient;
    private dev.flotilla.node.raft.Relay relay;
    private HttpServer http;
    private ScheduledExecutorService ticker;
    private ExecutorService reconciler;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final String nodePassword = java.util.HexFormat.of().formatHex(
            randomBytes());
    private final AtomicBoolean leaving = new AtomicBoolean();
    private final CompletableFuture<String> removed = new CompletableFuture<>();
    /** This member was seen in the registry: its absence later means it was removed, not that it is joining. */
    private volatile boolean seenSelf;
    private volatile String lastLeader;
    private volatile long leaderSinceNanos;
    private long lastPublish;
    private long lastSecretWrite;
    private final AtomicBoolean registering = new AtomicBoolean();
    private final dev.flotilla.node.auth.AuthStore nodeSecrets = new dev.flotilla.node.auth.AuthStore(store, this::write);
    private long lastReconcile;

    public FlotillaNode(NodeConfig config) {
        config.validate();
        this.config = config;
        List<String> mine = config.initialCluster.get(config.name);
        this.selfId = Ids.memberId(mine, config.initialClusterToken);
        config.advertiseClientUrls.forEach(u -> clientUrls.add(u.toString()));
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[24];
        new java.security.SecureRandom().nextBytes(b);
        return b;
    }

    private static long now() {
        return dev.flotilla.node.store.Clock.epochNanos();
    }

    /** The HTTP server, for the node's other services to mount their APIs on. */
    public HttpServer http() {
        return http;
    }

    public NodeConfig config() {
        return config;
    }

    /**
     * A client of this member for the node's own services: it trusts the member's certificate, shows it as a client
     * certificate, and carries this process's secret credentials, so enabling auth never locks the node out.
     */
    public dev.flotilla.core.client.ClientConfig.Builder selfClient(List<URI> endpoints) {
        dev.flotilla.core.client.ClientConfig.Builder b = dev.flotilla.core.client.ClientConfig.builder()
                .endpoints(endpoints)
                .credentials(dev.flotilla.node.auth.Authorizer.NODE_USER, nodePassword);
        if (config.clientTls() != null) {
            b.tls(config.trustedCaFile, config.certFile, config.keyFile);
        }
        return b;
    }

    public void start() throws Exception {
        File raftDir = new File(config.dataDir, "member" + File.separator + "raft");
        if (!raftDir.isDirectory() && !raftDir.mkdirs()) {
            throw new IOException("--data-dir: cannot create " + raftDir);
        }
        boolean hasData = hasRaftData(raftDir);
        List<RaftPeer> known = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : config.initialCluster.entrySet()) {
            known.add(peer(Ids.memberId(e.getValue(), config.initialClusterToken), e.getValue()));
        }
        // joining an existing cluster: start with no configuration and let the leader send it
        List<RaftPeer> peers = hasData || "new".equals(config.initialClusterState) ? known : List.of();
        stateMachine = new StoreStateMachine(store, members, origin);
        URI peerListen = config.listenPeerUrls.get(0);
        long maxEntry = Math.max(2L << 20, config.maxValueBytes * 2);
        raft = new RaftNode(new RaftNode.Config(selfId, peerListen.getHost(), peerListen.getPort(), raftDir,
                peers, config.initialClusterToken, config.snapshotCount, maxEntry, known), stateMachine,
                config.peerTls() == null ? null : config.peerTls().load());
        raft.start();
        proposer = new Proposer(raft, stateMachine, FlotillaNode::now, 4096, maxEntry);
        stateMachine.afterApply(proposer::announceCommit);
        try {
            relayClient = new dev.flotilla.node.http.RelayClient(selfId, nodePassword, 10);
        } catch (Exception e) {
            throw new IOException("cannot start the write relay: " + e.getMessage(), e);
        }
        relay = new dev.flotilla.node.raft.Relay(stateMachine, proposer, relayClient, 4096);
        http = new HttpServer(config.listenClientUrls, this, config.clientTls(), nodePassword);
        http.start();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "member-ticker"));
        reconciler = Executors.newSingleThreadExecutor(r -> daemon(r, "membership-reconciler"));
        ticker.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        LOG.info("member {} ({}) serving clients on {}, peers on {}", config.name, selfId, config.listenClientUrls,
                config.listenPeerUrls);
    }

    private static boolean hasRaftData(File raftDir) {
        File[] groups = raftDir.listFiles();
        if (groups == null) {
            return false;
        }
        for (File g : groups) {
            if (new File(g, "current").isDirectory()) {
                return true;
            }
        }
        return false;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    static RaftPeer peer(String id, List<String> peerUrls) {
        URI u = URI.create(peerUrls.get(0));
        return RaftPeer.newBuilder().setId(id).setAddress(u.getHost() + ":" + u.getPort()).build();
    }

    // ------------------------------------------------------------------ periodic duties

    private void tick() {
        if (leaving.get() || closed.get()) {
            return;
        }
        try {
            if (members.bootstrapped()) {
                if (members.get(selfId) != null) {
                    seenSelf = true;
                } else if (seenSelf) {
                    removedFromCluster();
                    return;
                }
            }
            String leader = raft.leaderId();
            if (leader != null && !leader.equals(lastLeader)) {
                leaderSinceNanos = now();
                LOG.info("leader is now {} (term {})", leader, raft.term());
            }
            lastLeader = leader;
            long t = now();
            if (raft.isLeader()) {
                leaderDuties(t);
            }
            publish(t);
            registerNodeSecret(t);
        } catch (RuntimeException e) {
            LOG.warn("member tick failed: {}", e.toString());
        }
    }

    private void leaderDuties(long t) {
        if (!members.bootstrapped()) {
            if (bootstrapping.compareAndSet(false, true)) {
                List<Member> initial = new ArrayList<>();
                List<String> ids = new ArrayList<>();
                for (Map.Entry<String, List<String>> e : config.initialCluster.entrySet()) {
                    String id = Ids.memberId(e.getValue(), config.initialClusterToken);
                    ids.add(id);
                    initial.add(new Member(id, "", e.getValue(), List.of()));
                }
                String cid = Ids.clusterId(ids, config.initialClusterToken);
                proposer.propose(new Command.Bootstrap(cid, initial), 256)
                        .whenComplete((r, e) -> bootstrapping.set(false));
            }
            return;
        }
        long next = store.nextExpiry();
        if (next != 0 && next <= t && expiring.compareAndSet(false, true)) {
            // the cutoff is this leader's clock, carried in the entry: every member expires the same keys
            proposer.propose(new Command.Expire(), 16).whenComplete((r, e) -> expiring.set(false));
        }
        if (t - lastReconcile > 1_000_000_000L && reconciling.compareAndSet(false, true)) {
            lastReconcile = t;
            reconciler.execute(() -> {
                try {
                    reconcileMembership();
                } finally {
                    reconciling.set(false);
                }
            });
        }
    }

    /**
     * Like etcd: a member removed from the registry stops serving (its HTTP and Raft close) and says why. A leader
     * first hands the Raft configuration over, so the others need not wait for an election to shrink it.
     */
    private void removedFromCluster() {
        if (!leaving.compareAndSet(false, true)) {
            return;
        }
        String why = "the member has been permanently removed from the cluster; the data-dir used by this member ("
                + config.dataDir + ") must be removed before it can join again";
        LOG.error(why);
        Thread t = new Thread(() -> {
            try {
                if (raft.isLeader()) {
                    reconcileMembership();
                }
            } finally {
                close();
                removed.complete(why);
            }
        }, "member-removed");
        t.start();
    }

    /** Completes with the reason once this member was removed from the cluster and has stopped serving. */
    public CompletableFuture<String> removed() {
        return removed;
    }

    /** Brings the Raft configuration in line with the member registry (member add/remove/update). */
    private void reconcileMembership() {
        List<Member> desired = members.list();
        if (desired.isEmpty() || !raft.isLeader()) {
            return;
        }
        Map<String, String> want = new HashMap<>();
        List<RaftPeer> peers = new ArrayList<>();
        for (Member m : desired) {
            RaftPeer p = peer(m.id(), m.peerUrls());
            peers.add(p);
            want.put(m.id(), p.getAddress());
        }
        Map<String, String> have = new HashMap<>();
        Collection<RaftPeer> current = raft.peers();
        for (RaftPeer p : current) {
            have.put(p.getId().toString(), p.getAddress());
        }
        if (want.equals(have)) {
            return;
        }
        LOG.info("changing raft membership from {} to {}", have.keySet(), want.keySet());
        try {
            var reply = raft.setConfiguration(peers);
            if (!reply.isSuccess()) {
                LOG.warn("membership change not done yet: {}", reply.getException() == null ? "refused"
                        : reply.getException().getMessage());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("membership change not done yet: {}", e.getMessage());
        }
    }

    /** Like an etcd member, publish this member's name and client URLs into the registry once started. */
    private void publish(long t) {
        if (!members.bootstrapped() || raft.leaderId() == null) {
            return;
        }
        Member m = members.get(selfId);
        if (m == null || (m.name().equals(config.name) && m.clientUrls().equals(clientUrls))) {
            return;
        }
        if (t - lastPublish < 1_000_000_000L || !publishing.compareAndSet(false, true)) {
            return;
        }
        lastPublish = t;
        proposer.propose(new Command.Publish(selfId, config.name, clientUrls), 256)
                .whenComplete((r, e) -> publishing.set(false));
    }

    /**
     * Keeps the hash of this process's node secret in the replicated auth data, so the other members accept this
     * node's services when auth is on (their writes are relayed to the leader with these credentials).
     */
    private void registerNodeSecret(long t) {
        if (!members.bootstrapped() || raft.leaderId() == null || t - lastSecretWrite < 1_000_000_000L) {
            return;
        }
        String mine = dev.flotilla.node.auth.Authorizer.digest(nodePassword);
        if (mine.equals(nodeSecrets.nodeSecret(selfId)) || !registering.compareAndSet(false, true)) {
            return;
        }
        lastSecretWrite = t;
        nodeSecrets.putNodeSecret(selfId, mine).whenComplete((r, e) -> registering.set(false));
    }

    // ------------------------------------------------------------------ NodeApi

    @Override
    public Store store() {
        return store;
    }

    @Override
    public String clusterId() {
        String id = members.clusterId();
        if (!id.isEmpty()) {
            return id;
        }
        List<String> ids = new ArrayList<>();
        for (List<String> urls : config.initialCluster.values()) {
            ids.add(Ids.memberId(urls, config.initialClusterToken));
        }
        return Ids.clusterId(ids, config.initialClusterToken);
    }

    @Override
    public String selfId() {
        return selfId;
    }

    @Override
    public long raftIndex() {
        return stateMachine.appliedIndex();
    }

    @Override
    public long raftTerm() {
        return raft.term();
    }

    @Override
    public int maxWatchesPerClient() {
        return config.maxWatchesPerClient;
    }

    @Override
    public long maxValueBytes() {
        return config.maxValueBytes;
    }

    @Override
    public CompletableFuture<ApplyResult> write(V2Request r) {
        return proposer.propose(new Command.Write(r), approximateSize(r));
    }

    /** An upper bound of a write's encoded size (UTF-16 chars become at most 3 bytes each). */
    private static int approximateSize(V2Request r) {
        return 96 + r.path().length() * 3 + r.value().length() * 3 + r.prevValue().length() * 3;
    }

    @Override
    public CompletableFuture<ApplyResult> changeMembers(Command command) {
        return proposer.propose(command, 512);
    }

    @Override
    public String leaderClientUrl() {
        String leader = raft.leaderId();
        if (leader == null || leader.equals(selfId)) {
            return null;
        }
        Member m = members.get(leader);
        // relayed over plain http only: an https leader is reached through Ratis's own (TLS) transport instead
        return m == null || m.clientUrls().isEmpty() || !m.clientUrls().get(0).startsWith("http://")
                ? null : m.clientUrls().get(0);
    }

    @Override
    public CompletableFuture<ApplyResult> writeAnywhere(V2Request r) {
        String leader = leaderClientUrl();
        return leader == null ? write(r) : relay.submit(leader, new Command.Write(r), approximateSize(r));
    }

    @Override
    public CompletableFuture<Void> proposeRelayed(dev.flotilla.node.raft.Batch.Segment segment, int bytes) {
        return proposer.proposeSegment(segment, bytes + 64);
    }

    @Override
    public CompletableFuture<Void> quorumRead() {
        return raft.readIndex();
    }

    @Override
    public List<Member> members() {
        List<Member> list = members.list();
        if (!list.isEmpty()) {
            return list;
        }
        // before the first leader recorded the cluster: what this member was started with
        List<Member> initial = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : config.initialCluster.entrySet()) {
            String id = Ids.memberId(e.getValue(), config.initialClusterToken);
            boolean self = id.equals(selfId);
            initial.add(new Member(id, self ? config.name : "", e.getValue(), self ? clientUrls : List.of()));
        }
        initial.sort((a, b) -> a.id().compareTo(b.id()));
        return initial;
    }

    @Override
    public String leaderId() {
        return raft.leaderId();
    }

    @Override
    public String memberIdFor(List<String> peerUrls) {
        return Ids.memberId(peerUrls, config.initialClusterToken);
    }

    @Override
    public String selfStatsJson() {
        StringBuilder sb = new StringBuilder(256);
        RaftProtos.RaftPeerRole role = raft.info().getCurrentRole();
        String state = switch (role) {
            case LEADER -> "StateLeader";
            case CANDIDATE -> "StateCandidate";
            default -> "StateFollower";
        };
        sb.append("{\"name\":");
        EtcdJson.string(sb, config.name);
        sb.append(",\"id\":\"").append(selfId).append("\",\"state\":\"").append(state).append("\",\"startTime\":\"");
        EtcdJson.rfc3339Nano(sb, startNanos);
        sb.append("\",\"leaderInfo\":{\"leader\":\"").append(lastLeader == null ? "" : lastLeader)
                .append("\",\"uptime\":\"").append(goDuration(now() - leaderSinceNanos))
                .append("\",\"startTime\":\"");
        EtcdJson.rfc3339Nano(sb, leaderSinceNanos == 0 ? startNanos : leaderSinceNanos);
        sb.append("\"},\"recvAppendRequestCnt\":0,\"sendAppendRequestCnt\":0}");
        return sb.toString();
    }

    @Override
    public String leaderStatsJson() {
        if (!raft.isLeader()) {
            return null;
        }
        StringBuilder sb = new StringBuilder("{\"leader\":\"").append(selfId).append("\",\"followers\":{");
        RaftProtos.RoleInfoProto info = raft.info().getRoleInfoProto();
        boolean first = true;
        if (info.hasLeaderInfo()) {
            for (RaftProtos.ServerRpcProto f : info.getLeaderInfo().getFollowerInfoList()) {
                // Ratis reports the time since each follower last answered; it stands in for etcd's latency
                double secs = f.getLastRpcElapsedTimeMs() / 1000.0;
                sb.append(first ? "" : ",").append('"').append(f.getId().getId().toStringUtf8())
                        .append("\":{\"latency\":{\"current\":").append(secs).append(",\"average\":").append(secs)
                        .append(",\"standardDeviation\":0,\"minimum\":").append(secs).append(",\"maximum\":")
                        .append(secs).append("},\"counts\":{\"fail\":0,\"success\":0}}");
                first = false;
            }
        }
        return sb.append("}}").toString();
    }

    /** Go's time.Duration String() for durations under a day. */
    static String goDuration(long nanos) {
        if (nanos < 1_000) {
            return nanos + "ns";
        }
        if (nanos < 1_000_000) {
            return trim(nanos / 1e3) + "µs";
        }
        if (nanos < 1_000_000_000) {
            return trim(nanos / 1e6) + "ms";
        }
        long h = nanos / 3_600_000_000_000L;
        long m = (nanos / 60_000_000_000L) % 60;
        double s = (nanos % 60_000_000_000L) / 1e9;
        return (h > 0 ? h + "h" : "") + (h > 0 || m > 0 ? m + "m" : "") + trim(s) + "s";
    }

    private static String trim(double d) {
        String s = new java.math.BigDecimal(d).setScale(9, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
        return s;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (reconciler != null) {
            reconciler.shutdownNow();
        }
        if (http != null) {
            try {
                http.close();
            } catch (Exception e) {
                LOG.debug("http stop", e);
            }
        }
        if (relayClient != null) {
            try {
                relayClient.close();
            } catch (Exception e) {
                LOG.debug("relay client stop", e);
            }
        }
        if (raft != null) {
            raft.close();
        }
    }
}
