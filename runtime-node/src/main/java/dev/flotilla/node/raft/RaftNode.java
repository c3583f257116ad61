package dev.flotilla.node.raft;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import dev.flotilla.node.tls.TlsFiles;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member's Ratis server plus the client it uses to reach the leader. Writes are submitted in-process
 * when this member leads (no network hop) and through the client otherwise; quorum reads use Ratis's
 * linearizable read index, on followers too.
 */
public final class RaftNode implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);

    /**
     * @param selfId            this member's id (Ratis peer id)
     * @param listenHost        host the Ratis gRPC server binds
     * @param port              its port
     * @param storageDir        Ratis storage directory
     * @param peers             the group's peers when formatting a new cluster; empty to join an existing one
     * @param token             cluster token (fixes the Raft group id)
     * @param snapshotThreshold log entries between snapshots
     * @param maxEntryBytes     largest log entry accepted (bounds one batch)
     * @param clientPeers       every member known from the flags: where the client first looks for a leader
     */
    public record Config(String selfId, String listenHost, int port, File storageDir, List<RaftPeer> peers,
                         String token, long snapshotThreshold, long maxEntryBytes, List<RaftPeer> clientPeers) {
    }

    private final Config config;
    private final StoreStateMachine stateMachine;
    private final RaftGroupId groupId;
    private final RaftPeerId selfId;
    private final RaftProperties properties;
    private final Parameters parameters;
    private final ClientId inProcessClient = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();
    private RaftServer server;
    private volatile RaftServer.Division division;
    private volatile RaftClient client;

    public RaftNode(Config config, StoreStateMachine stateMachine) {
        this(config, stateMachine, null);
    }

    /** @param peerTls the TLS material of the Raft transport (https:// peer URLs); null for plain gRPC */
    public RaftNode(Config config, StoreStateMachine stateMachine, TlsFiles.Material peerTls) {
        this.parameters = new Parameters();
        if (peerTls != null) {
            // one certificate serves both ends: members are each other's servers and clients
            GrpcTlsConfig tls = new GrpcTlsConfig(peerTls.key(), peerTls.chain().get(0),
                    peerTls.trusted().isEmpty() ? null : peerTls.trusted(), peerTls.mutual());
            GrpcConfigKeys.TLS.setConf(parameters, tls);
            GrpcConfigKeys.Server.setTlsConf(parameters, tls);
            GrpcConfigKeys.Client.setTlsConf(parameters, tls);
            GrpcConfigKeys.Admin.setTlsConf(parameters, tls);
        }
        this.config = config;
        this.stateMachine = stateMachine;
        this.groupId = RaftGroupId.valueOf(Ids.groupUuid(config.token()));
        this.selfId = RaftPeerId.valueOf(config.selfId());
        this.properties = properties(config);
    }

    private static RaftProperties properties(Config c) {
        RaftProperties p = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(p, List.of(c.storageDir()));
        GrpcConfigKeys.Server.setHost(p, c.listenHost());
        GrpcConfigKeys.Server.setPort(p, c.port());
        // Ratis's defaults carry entries up to 4 MB; raise its buffers only for larger configured values
        long entryBytes = c.maxEntryBytes() + (64 << 10);
        SizeInBytes entryMax = SizeInBytes.valueOf(Math.max(4L << 20, entryBytes));
        if (entryBytes > (4L << 20)) {
            RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, entryMax);
            RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf(entryMax.getSize() + (1 << 20)));
            GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf(entryMax.getSize() * 2));
        }
        // elections: etcd's 1 s; shorter timeouts fire on GC pauses and start-up on small machines
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(1000, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(2000, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(5000, TimeUnit.MILLISECONDS));
        // send appends at once instead of waiting up to 1 ms for more (measured: large gain under load)
        RaftServerConfigKeys.Log.Appender.setWaitTimeMin(p, TimeDuration.ZERO);
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(Math.max(8L << 20, 2 * entryMax.getSize())));
        // keep the in-memory log cache small: RSS budget per member
        RaftServerConfigKeys.Log.setSegmentCacheNumMax(p, 2);
        RaftServerConfigKeys.Log.setSegmentCacheSizeMax(p, SizeInBytes.valueOf(2 * entryMax.getSize()));
        // no extra log entry per commit: see Proposer#announceCommit
        RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.setPurgeGap(p, 64);
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, c.snapshotThreshold());
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setLeaderLeaseEnabled(p, true);
        RaftServerConfigKeys.setStagingTimeout(p, TimeDuration.valueOf(10, TimeUnit.SECONDS));
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(3000, TimeUnit.MILLISECONDS));
        return p;
    }

    public void start() throws IOException {
        File groupDir = new File(config.storageDir(), groupId.getUuid().toString());
        boolean existing = new File(groupDir, "current").isDirectory();
        // an empty data dir in a group whose members remember this one: its log and votes are gone (dir deleted,
        // disk replaced). It must not vote or count as having its old log, so it starts like a joiner and
        // re-enters the configuration as a new member (see rejoin)
        RaftGroup remembered = existing ? null : groupRememberingMe();
        // a member joining an existing cluster starts with no peers: the leader sends it the configuration
        RaftGroup group = config.peers().isEmpty() || remembered != null
                ? RaftGroup.valueOf(groupId) : RaftGroup.valueOf(groupId, config.peers());
        server = RaftServer.newBuilder()
                .setServerId(selfId)
                .setGroup(group)
                .setProperties(properties)
                .setParameters(parameters)
                .setStateMachine(stateMachine)
                .setOption(existing ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
                .build();
        try {
            server.start();
            division = server.getDivision(groupId);
        } catch (IOException | RuntimeException e) {
            if (!existing) {
                throw e;
            }
            // e.g. raft-meta written while the disk was full: etcd too refuses a damaged WAL; say what to do
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new IOException("the Raft data in " + groupDir + " is damaged and cannot be read (" + root.getMessage()
                    + "); this member cannot start on it. Empty its data dir " + config.storageDir()
                    + " and start it again: it rejoins and gets a snapshot from the leader", e);
        }
        LOG.info("raft member {} started ({}), group {}", selfId, existing ? "recovered" : "formatted",
                groupId.getUuid());
        if (remembered != null) {
            startRejoin(new ArrayList<>(remembered.getPeers()));
        }
        watchdog = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "raft-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleWithFixedDelay(this::watch, 2, 2, TimeUnit.SECONDS);
    }

    private final java.util.concurrent.atomic.AtomicBoolean rejoining = new java.util.concurrent.atomic.AtomicBoolean();
    private java.util.concurrent.ScheduledExecutorService watchdog;
    private long watchedNext = -1;
    private long stuckSince;

    private void startRejoin(List<RaftPeer> peers) {
        if (!rejoining.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                rejoin(peers);
            } finally {
                stuckSince = 0;
                rejoining.set(false);
            }
        }, "raft-rejoin");
        t.setDaemon(true);
        t.start();
    }

    /**
     * A follower whose log ends below what the leader committed and does not move for {@value #STUCK_SECONDS} s
     * has lost entries it had (a log write failed, e.g. on a full disk): the leader's stale view of its log makes
     * Ratis send entries after its old position forever. Rejoin, as after a lost data dir.
     */
    private void watch() {
        try {
            RaftServer.Division d = division;
            if (d == null || failure != null) {
                return;
            }
            try {
                d.getRaftLog().getFlushIndex();
            } catch (IllegalStateException closed) {
                // Ratis closes the log when a log write fails and leaves the member running without it
                failStop("the Raft log in " + config.storageDir() + " was closed after a write failed ("
                        + probeWrite() + "); this member stopped: free the disk and restart it");
                return;
            }
            if (logWedged(d)) {
                return;
            }
            if (rejoining.get() || !d.getInfo().isFollower() || d.getInfo().getLeaderId() == null) {
                stuckSince = 0;
                return;
            }
            long next = d.getRaftLog().getNextIndex();
            long now = System.nanoTime();
            if (next != watchedNext) {
                watchedNext = next;
                stuckSince = 0;
                return;
            }
            if (stuckSince == 0) {
                stuckSince = now;
                return;
            }
            if (now - stuckSince < TimeUnit.SECONDS.toNanos(STUCK_SECONDS)) {
                return;
            }
            RaftPeerId leader = d.getInfo().getLeaderId();
            long leaderCommit = leaderCommitIndex(leader);
            if (leaderCommit < next) {
                // nothing committed that this member lacks (an idle cluster): look again later
                stuckSince = now;
                return;
            }
            String probe = probeWrite();
            if (!probe.equals(PROBE_OK)) {
                failStop("the Raft log in " + config.storageDir() + " cannot be written (" + probe + "): its log"
                        + " ends at " + (next - 1) + ", the leader committed " + leaderCommit + "; this member stopped:"
                        + " free the disk and restart it");
            } else if (!rejoinTried) {
                rejoinTried = true;
                LOG.error("raft member {}: its log ends at index {} but the leader has committed {} and nothing"
                        + " arrived for {} s: entries were lost here (a failed log write?); rejoining as a new member",
                        selfId, next - 1, leaderCommit, STUCK_SECONDS);
                startRejoin(new ArrayList<>(d.getRaftConf().getCurrentPeers()));
            } else {
                failStop("the Raft log ends at " + (next - 1) + ", the leader committed " + leaderCommit + ", and it"
                        + " does not catch up even after rejoining (a log write failed earlier?); this member stopped:"
                        + " restart it");
            }
        } catch (RuntimeException e) {
            LOG.debug("raft watchdog: {}", e.toString());
        }
    }

    private boolean rejoinTried;
    private static final String PROBE_OK = "a test write succeeds now";

    private void failStop(String why) {
        failure = why;
        LOG.error("raft member {}: {}", selfId, why);
        closeQuietly(server);
    }

    /** The leader's own commit index, asked of the leader (-1 when it does not answer). */
    private long leaderCommitIndex(RaftPeerId leader) {
        RaftProperties probe = new RaftProperties(properties);
        RaftClientConfigKeys.Rpc.setRequestTimeout(probe, TimeDuration.valueOf(2000, TimeUnit.MILLISECONDS));
        RaftPeer peer = division.getRaftConf().getPeer(leader);
        if (peer == null) {
            return -1;
        }
        try (RaftClient c = RaftClient.newBuilder().setRaftGroup(RaftGroup.valueOf(groupId, List.of(peer)))
                .setProperties(probe).setParameters(parameters).setRetryPolicy(RetryPolicies.noRetry()).build()) {
            GroupInfoReply r = c.getGroupManagementApi(leader).info(groupId);
            for (CommitInfoProto ci : r.getCommitInfos()) {
                if (RaftPeerId.valueOf(ci.getServer().getId()).equals(leader)) {
                    return ci.getCommitIndex();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("leader {} did not answer: {}", leader, e.toString());
        }
        return -1;
    }

    private static final int STUCK_SECONDS = 15;
    private long watchedFlush = -1;
    private long unflushedSince;
    private volatile String failure;

    /**
     * Entries this member holds in memory that do not reach its disk for {@value #STUCK_SECONDS} s: a log write
     * failed (disk full, I/O error). Ratis keeps the failed entries and fails every later append of them, so the
     * member can never catch up in this process: like etcd on a WAL write error it stops (its Raft server closes,
     * so a leader hands over), and its requests fail at once with the reason. A restart recovers from the disk.
     */
    private boolean logWedged(RaftServer.Division d) {
        var log = d.getRaftLog();
        var last = log.getLastEntryTermIndex();
        long flushed = log.getFlushIndex();
        long now = System.nanoTime();
        if (last == null || last.getIndex() <= flushed || flushed != watchedFlush) {
            watchedFlush = flushed;
            unflushedSince = 0;
            return false;
        }
        if (unflushedSince == 0) {
            unflushedSince = now;
            return false;
        }
        if (now - unflushedSince < TimeUnit.SECONDS.toNanos(STUCK_SECONDS)) {
            return false;
        }
        failStop("the Raft log in " + config.storageDir() + " cannot be written (entries " + (flushed + 1) + ".."
                + last.getIndex() + " never reached the disk: " + probeWrite() + "); this member stopped: free the"
                + " disk and restart it");
        return true;
    }

    /** Why the storage dir cannot take a write now (or that it can). */
    private String probeWrite() {
        File probe = new File(config.storageDir(), ".write-probe");
        try (java.io.FileOutputStream out = new java.io.FileOutputStream(probe)) {
            out.write(new byte[1 << 20]);
            out.getFD().sync();
            return PROBE_OK;
        } catch (IOException e) {
            return e.getMessage();
        } finally {
            probe.delete();
        }
    }

    /** Why this member stopped serving (its Raft log cannot be written), or null. */
    public String failure() {
        return failure;
    }

    /**
     * Asks the other peers about the group: the one (if any) that reports progress for this member, i.e. this
     * member had a log before. Null when no peer answers or none knows this member beyond a fresh start.
     *
     * <p>Why: a Ratis leader keeps each follower's match index and never sends a follower below it; a follower
     * whose log was deleted answers "inconsistent, next index 0" forever, and the leader (nextIndex kept above
     * the stale match index, RATIS-1883) never notices it needs a snapshot (its log was purged up to one).
     */
    private RaftGroup groupRememberingMe() {
        List<RaftPeer> others = new ArrayList<>();
        for (RaftPeer p : config.clientPeers()) {
            if (!p.getId().equals(selfId)) {
                others.add(p);
            }
        }
        if (others.isEmpty()) {
            return null;
        }
        RaftProperties probe = new RaftProperties(properties);
        RaftClientConfigKeys.Rpc.setRequestTimeout(probe, TimeDuration.valueOf(2000, TimeUnit.MILLISECONDS));
        try (RaftClient c = RaftClient.newBuilder().setRaftGroup(RaftGroup.valueOf(groupId, others))
                .setProperties(probe).setParameters(parameters).setRetryPolicy(RetryPolicies.noRetry()).build()) {
            for (RaftPeer p : others) {
                try {
                    GroupInfoReply r = c.getGroupManagementApi(p.getId()).info(groupId);
                    for (CommitInfoProto ci : r.getCommitInfos()) {
                        if (RaftPeerId.valueOf(ci.getServer().getId()).equals(selfId) && ci.getCommitIndex() >= 0) {
                            LOG.warn("raft member {}: the data dir {} has no Raft data but {} knows this member at"
                                    + " commit index {}: the data was lost; rejoining as a new member that gets a"
                                    + " snapshot", selfId, config.storageDir(), p.getId(), ci.getCommitIndex());
                            return r.getGroup();
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.debug("peer {} did not answer the group probe: {}", p.getId(), e.toString());
                }
            }
        } catch (IOException e) {
            LOG.debug("group probe failed: {}", e.toString());
        }
        return null;
    }

    /**
     * Takes this member out of the Raft configuration and puts it back, through the leader: the leader then
     * drops its stale view of this member's log and bootstraps it like a new one (snapshot, then the log).
     * This is etcd's "member remove" + "member add", done for the member's unchanged identity.
     */
    private void rejoin(List<RaftPeer> known) {
        List<RaftPeer> with = new ArrayList<>(known);
        RaftPeer me = with.stream().filter(p -> p.getId().equals(selfId)).findFirst().orElse(null);
        if (me == null) {
            return;
        }
        List<RaftPeer> without = new ArrayList<>(with);
        without.remove(me);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        boolean removed = false;
        while (System.nanoTime() < deadline && server != null && !server.getLifeCycleState().isClosingOrClosed()) {
            try {
                RaftClientReply r = client().admin().setConfiguration(removed ? with : without);
                if (r.isSuccess()) {
                    if (removed) {
                        LOG.info("raft member {} is back in the configuration as a new member", selfId);
                        return;
                    }
                    LOG.info("raft member {} left the configuration (its old log position is forgotten)", selfId);
                    removed = true;
                    continue;
                }
                LOG.info("rejoin: configuration change refused: {}", r.getException());
            } catch (IOException | RuntimeException e) {
                LOG.info("rejoin: configuration change not done yet: {}", e.toString());
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
        LOG.error("raft member {} could not rejoin the configuration; remove and re-add the member", selfId);
    }

    /** True while the log holds entries this member has not applied yet (more appends are on their way). */
    boolean hasUnappliedEntries() {
        RaftServer.Division d = division;
        return d != null && d.getRaftLog().getNextIndex() - 1 > stateMachine.appliedIndex();
    }

    public RaftServer.Division division() {
        return division;
    }

    public String selfId() {
        return config.selfId();
    }

    public boolean isLeader() {
        RaftServer.Division d = division;
        return d != null && d.getInfo().isLeader() && d.getInfo().isLeaderReady();
    }

    /** The current leader's id, or null while there is none. */
    public String leaderId() {
        RaftServer.Division d = division;
        if (d == null || failure != null) {
            return null;
        }
        RaftPeerId id = d.getInfo().getLeaderId();
        return id == null ? null : id.toString();
    }

    public long term() {
        RaftServer.Division d = division;
        return d == null ? 0 : d.getInfo().getCurrentTerm();
    }

    public DivisionInfo info() {
        return division.getInfo();
    }

    /** Peers of the current Raft configuration. */
    public Collection<RaftPeer> peers() {
        return division.getRaftConf().getCurrentPeers();
    }

    /** Submits one log entry: in-process on the leader, else through the client (which finds the leader). */
    CompletableFuture<RaftClientReply> submit(byte[] data) {
        if (failure != null) {
            return CompletableFuture.failedFuture(new IOException(failure));
        }
        Message msg = Message.valueOf(ByteString.copyFrom(data));
        if (isLeader()) {
            RaftClientRequest req = request(msg, RaftClientRequest.writeRequestType());
            try {
                return server.submitClientRequestAsync(req).thenCompose(reply -> {
                    if (reply.isSuccess() || (reply.getNotLeaderException() == null
                            && reply.getLeaderNotReadyException() == null)) {
                        return CompletableFuture.completedFuture(reply);
                    }
                    return client().async().send(msg);
                });
            } catch (IOException e) {
                return client().async().send(msg);
            }
        }
        return client().async().send(msg);
    }

    /** Completes once this member has applied everything committed before the call (linearizable read). */
    public CompletableFuture<Void> readIndex() {
        if (failure != null) {
            return CompletableFuture.failedFuture(new IOException(failure));
        }
        RaftClientRequest req = request(Message.EMPTY, RaftClientRequest.readRequestType());
        try {
            return server.submitClientRequestAsync(req).thenCompose(reply -> {
                if (reply.isSuccess()) {
                    return CompletableFuture.<Void>completedFuture(null);
                }
                // fall back to a read on the leader, then wait until this member applied as far as the leader
                // had when it answered (its query answer; the reply's log index is not that index)
                return client().async().sendReadOnly(Message.EMPTY).thenCompose(r -> {
                    if (!r.isSuccess()) {
                        return CompletableFuture.failedFuture(r.getException());
                    }
                    long leaderApplied = StoreStateMachine.appliedIndexOf(r.getMessage());
                    if (leaderApplied < 0) {
                        return CompletableFuture.failedFuture(new IOException("the leader's read answer carries no"
                                + " applied index"));
                    }
                    LOG.debug("quorum read through the leader: reply log index {}, leader applied {}",
                            r.getLogIndex(), leaderApplied);
                    return waitApplied(leaderApplied);
                });
            });
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Void> waitApplied(long index) {
        return stateMachine.whenApplied(index);
    }

    private RaftClientRequest request(Message msg, RaftClientRequest.Type type) {
        return RaftClientRequest.newBuilder()
                .setClientId(inProcessClient)
                .setServerId(selfId)
                .setGroupId(groupId)
                .setCallId(callIds.incrementAndGet())
                .setMessage(msg)
                .setType(type)
                .build();
    }

    /** Sets the Raft membership on this member, which must lead (called by the membership reconciler). */
    public RaftClientReply setConfiguration(List<RaftPeer> peers) throws IOException {
        SetConfigurationRequest req = new SetConfigurationRequest(inProcessClient, selfId, groupId,
                callIds.incrementAndGet(), peers);
        try {
            return server.setConfigurationAsync(req).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException(e.getCause() == null ? e : e.getCause());
        }
    }

    /**
     * The client used to reach the leader from a follower. Created once over the initial peers: on a
     * NotLeaderException Ratis follows the suggested leader (with its address), so membership changes need
     * no new client, and a client is never closed while a request may be using it.
     */
    private RaftClient client() {
        RaftClient c = client;
        if (c != null) {
            return c;
        }
        synchronized (this) {
            if (client == null) {
                List<RaftPeer> peers = new ArrayList<>(division.getRaftConf().getCurrentPeers());
                for (RaftPeer p : config.clientPeers()) {
                    if (peers.stream().noneMatch(x -> x.getId().equals(p.getId()))) {
                        peers.add(p);
                    }
                }
                client = RaftClient.newBuilder()
                        .setRaftGroup(RaftGroup.valueOf(groupId, peers))
                        .setLeaderId(division.getInfo().getLeaderId())
                        .setProperties(properties)
                        .setParameters(parameters)
                        .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(40,
                                TimeDuration.valueOf(250, TimeUnit.MILLISECONDS)))
                        .build();
            }
            return client;
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("close failed", e);
        }
    }

    @Override
    public void close() {
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        RaftClient c = client;
        if (c != null) {
            closeQuietly(c);
        }
        if (server != null) {
            closeQuietly(server);
        }
    }

    /** Random id of this process as a proposer (results routing and de-duplication). */
    public static long newOrigin() {
        UUID u = UUID.randomUUID();
        return u.getMostSignificantBits() ^ u.getLeastSignificantBits();
    }
}
