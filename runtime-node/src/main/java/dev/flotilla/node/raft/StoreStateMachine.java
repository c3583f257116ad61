package dev.flotilla.node.raft;

import dev.flotilla.node.store.EtcdError;
import dev.flotilla.node.store.Event;
import dev.flotilla.node.store.Store;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis state machine: applies batches to the store and the member registry in log order, completes
 * the waiting requests this process proposed (so a reply is sent only once this member has applied the
 * write: read-your-writes on every member), de-duplicates re-sent batches, and writes/loads snapshots.
 */
public final class StoreStateMachine extends BaseStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(StoreStateMachine.class);
    private static final int SNAPSHOT_MAGIC = 0x464c534d; // "FLSM"

    private final Store store;
    private final Members members;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    /** Requests proposed by this process, by sequence number, completed when applied here. */
    private final Map<Long, CompletableFuture<ApplyResult>> waiting = new ConcurrentHashMap<>();
    private final long origin;
    private final long relayOrigin;
    /** Per proposing process, the last sequence applied: a batch re-sent after a leader change is skipped. */
    private final Map<Long, Long> lastSeq = new HashMap<>();
    private long lastNow;
    private volatile long appliedIndex;
    private volatile long appliedTerm;

    public StoreStateMachine(Store store, Members members, long origin) {
        this.store = store;
        this.members = members;
        this.origin = origin & ~1L;
        this.relayOrigin = origin | 1L;
    }

    private volatile Runnable afterApply = () -> { };

    /** Runs on the apply thread after each applied entry that carried commands (the commit announcement). */
    public void afterApply(Runnable hook) {
        this.afterApply = hook;
    }

    public Store store() {
        return store;
    }

    public Members members() {
        return members;
    }

    public long appliedIndex() {
        return appliedIndex;
    }

    public long appliedTerm() {
        return appliedTerm;
    }

    /** Registers the future completed when this process's command with this sequence number is applied. */
    void expect(long origin, long seq, CompletableFuture<ApplyResult> future) {
        waiting.put(key(origin, seq), future);
    }

    /** Fails a still-waiting command (its entry was not accepted). */
    void abandon(long origin, long seq, Throwable cause) {
        CompletableFuture<ApplyResult> f = waiting.remove(key(origin, seq));
        if (f != null) {
            f.completeExceptionally(cause);
        }
    }

    /** Takes back a still-waiting command's future (its request is re-routed); null when already completed. */
    CompletableFuture<ApplyResult> take(long origin, long seq) {
        return waiting.remove(key(origin, seq));
    }

    /** The origin of this process's own entries. */
    public long origin() {
        return origin;
    }

    /** The origin of the writes this process relays to the leader (its own sequence, its own de-duplication). */
    public long relayOrigin() {
        return relayOrigin;
    }

    /** Waiters for an applied index (quorum reads served through the leader). */
    private final java.util.PriorityQueue<IndexWaiter> indexWaiters =
            new java.util.PriorityQueue<>(java.util.Comparator.comparingLong(IndexWaiter::index));

    private record IndexWaiter(long index, CompletableFuture<Void> future) {
    }

    /** Completes once this member has applied the given Raft index. */
    public CompletableFuture<Void> whenApplied(long index) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (indexWaiters) {
            if (appliedIndex >= index) {
                f.complete(null);
            } else {
                indexWaiters.add(new IndexWaiter(index, f));
            }
        }
        return f;
    }

    private void releaseWaiters(long index) {
        synchronized (indexWaiters) {
            while (!indexWaiters.isEmpty() && indexWaiters.peek().index() <= index) {
                indexWaiters.poll().future().complete(null);
            }
        }
    }

    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        // configuration and no-op entries do not go through applyTransaction
        super.notifyTermIndexUpdated(term, index);
        appliedTerm = term;
        appliedIndex = index;
        releaseWaiters(index);
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        getLifeCycle().transition(LifeCycle.State.STARTING);
        load(storage.getLatestSnapshot());
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    /** Ratis pauses the state machine before installing a snapshot received from the leader. */
    @Override
    public void pause() {
        getLifeCycle().transition(LifeCycle.State.PAUSING);
        getLifeCycle().transition(LifeCycle.State.PAUSED);
    }

    @Override
    public void reinitialize() throws IOException {
        // called (paused) after a snapshot was installed from the leader; Ratis expects RUNNING afterwards
        getLifeCycle().transition(LifeCycle.State.STARTING);
        load(storage.loadLatestSnapshot());
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        long index = entry.getIndex();
        long term = entry.getTerm();
        boolean changed;
        try (InputStream in = entry.getStateMachineLogEntry().getLogData().newInput()) {
            Batch batch = Batch.decode(in);
            changed = batch.size() > 0;
            apply(batch, index, term);
        } catch (IOException e) {
            // a corrupt entry would diverge members: stop applying rather than skip it
            LOG.error("cannot decode log entry {} (term {})", index, term, e);
            return CompletableFuture.failedFuture(e);
        }
        appliedTerm = term;
        appliedIndex = index;
        updateLastAppliedTermIndex(term, index);
        releaseWaiters(index);
        if (changed) {
            afterApply.run();
        }
        return CompletableFuture.completedFuture(Message.EMPTY);
    }

    private void apply(Batch batch, long index, long term) {
        // the clock never runs backwards inside the log, whatever the proposers' clocks say
        long now = Math.max(lastNow, batch.now());
        lastNow = now;
        for (Batch.Segment segment : batch.segments()) {
            if (segment.commands().isEmpty()) {
                continue; // nothing to apply, and its sequence must not move the proposer's last one back
            }
            Long last = lastSeq.get(segment.origin());
            if (last != null && segment.firstSeq() <= last) {
                continue; // re-sent after a leader change: applied already
            }
            lastSeq.put(segment.origin(), segment.lastSeq());
            boolean mine = segment.origin() == origin || segment.origin() == relayOrigin;
            List<Command> commands = segment.commands();
            for (int i = 0; i < commands.size(); i++) {
                ApplyResult r = applyOne(commands.get(i), now, index, term);
                if (mine) {
                    CompletableFuture<ApplyResult> f = waiting.remove(key(segment.origin(), segment.firstSeq() + i));
                    if (f != null) {
                        f.complete(r);
                    }
                }
            }
        }
    }

    /** Waiting requests of this process's two proposers (own entries, writes relayed to the leader). */
    private static Long key(long origin, long seq) {
        // the two origins differ in their lowest bit (see relayOrigin): one map serves both
        return (seq << 1) | (origin & 1);
    }

    private ApplyResult applyOne(Command c, long now, long index, long term) {
        if (c instanceof Command.Write w) {
            try {
                Event e = store.apply(w.request(), now);
                return new ApplyResult(e, null, null, null, index, term);
            } catch (EtcdError err) {
                return new ApplyResult(null, err, null, null, index, term);
            }
        }
        if (c instanceof Command.Expire) {
            store.expire(now);
            return new ApplyResult(null, null, null, null, index, term);
        }
        ApplyResult.MemberError err = members.apply(c);
        Member m = null;
        if (c instanceof Command.AddMember a) {
            m = a.member();
        }
        return new ApplyResult(null, null, err, m, index, term);
    }

    @Override
    public CompletableFuture<Message> query(Message request) {
        // quorum reads: Ratis calls this once the read index is applied here; the caller then reads the store.
        // The answer is this member's applied index: a follower whose read went through the leader waits until
        // it has applied that far itself (the reply's log index is not that index).
        return CompletableFuture.completedFuture(Message.valueOf(
                org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(
                        java.nio.ByteBuffer.allocate(Long.BYTES).putLong(0, appliedIndex))));
    }

    /** The applied index in an answer of {@link #query}; -1 when the answer carries none. */
    static long appliedIndexOf(Message answer) {
        var bytes = answer == null ? null : answer.getContent();
        return bytes == null || bytes.size() != Long.BYTES ? -1 : bytes.asReadOnlyByteBuffer().getLong();
    }

    @Override
    public long takeSnapshot() throws IOException {
        TermIndex last = getLastAppliedTermIndex();
        if (last == null || last.getIndex() < 0) {
            return -1;
        }
        File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        File tmp = new File(file.getParentFile(), file.getName() + ".tmp");
        MD5Hash md5;
        try {
            write(file, tmp);
            md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
        } catch (IOException e) {
            // e.g. the disk is full: the member keeps applying from its log, which is not purged until a snapshot
            // is written; Ratis retries on every applied entry, so say it plainly, once in a while
            Files.deleteIfExists(tmp.toPath());
            long now = System.nanoTime();
            if (now - lastSnapshotError > 30_000_000_000L || lastSnapshotError == 0) {
                lastSnapshotError = now;
                LOG.error("cannot write a snapshot to {}: {} (disk full?); this member goes on without a new"
                        + " snapshot and its Raft log is not purged until one is written", file.getParent(), e.toString());
            }
            throw e;
        }
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), last));
        LOG.info("snapshot taken at raft index {} (store index {})", last.getIndex(), store.index());
        return last.getIndex();
    }

    private long lastSnapshotError;

    private void write(File file, File tmp) throws IOException {
        try (OutputStream os = Files.newOutputStream(tmp.toPath());
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
            out.writeInt(SNAPSHOT_MAGIC);
            out.writeLong(lastNow);
            out.writeInt(lastSeq.size());
            for (Map.Entry<Long, Long> e : lastSeq.entrySet()) {
                out.writeLong(e.getKey());
                out.writeLong(e.getValue());
            }
            members.write(out);
            store.writeSnapshot(out);
            out.flush();
            os.flush();
        }
        Files.move(tmp.toPath(), file.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void load(SingleFileSnapshotInfo snapshot) throws IOException {
        if (snapshot == null) {
            return;
        }
        File file = snapshot.getFile().getPath().toFile();
        if (snapshot.hasMd5()) {
            MD5FileUtil.verifySavedMD5(file, snapshot.getFile().getFileDigest());
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file.toPath()),
                1 << 16))) {
            if (in.readInt() != SNAPSHOT_MAGIC) {
                throw new IOException("not a Flotilla snapshot: " + file);
            }
            long now = in.readLong();
            int n = in.readInt();
            Map<Long, Long> seqs = new HashMap<>();
            for (int i = 0; i < n; i++) {
                seqs.put(in.readLong(), in.readLong());
            }
            members.read(in);
            store.readSnapshot(in);
            lastNow = now;
            lastSeq.clear();
            lastSeq.putAll(seqs);
        }
        TermIndex ti = snapshot.getTermIndex();
        setLastAppliedTermIndex(ti);
        appliedIndex = ti.getIndex();
        appliedTerm = ti.getTerm();
        LOG.info("loaded snapshot at raft index {} (store index {})", ti.getIndex(), store.index());
    }
}
