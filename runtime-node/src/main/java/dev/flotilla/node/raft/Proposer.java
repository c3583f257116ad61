package dev.flotilla.node.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.ratis.protocol.RaftClientReply;

/**
 * Group commit: concurrent proposals are gathered into one log entry, one entry in flight at a time. While
 * an entry is being replicated, new requests queue up and go together in the next. Measured on a 2-core
 * machine, this is what makes Raft writes competitive (one request per entry reached ~0.2x etcd).
 */
public final class Proposer {
    private record Pending(Command command, CompletableFuture<ApplyResult> future, int size) {
    }

    private final RaftNode raft;
    private final StoreStateMachine stateMachine;
    private final long origin;
    private final LongSupplier clock;
    private final int maxCommands;
    private final long maxBytes;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private long nextSeq = 1;

    public Proposer(RaftNode raft, StoreStateMachine stateMachine, long origin, LongSupplier clock, int maxCommands,
                    long maxBytes) {
        this.raft = raft;
        this.stateMachine = stateMachine;
        this.origin = origin;
        this.clock = clock;
        this.maxCommands = maxCommands;
        this.maxBytes = maxBytes;
    }

    /** Proposes a command; completes when this member has applied it (or fails if it was not accepted). */
    public CompletableFuture<ApplyResult> propose(Command command, int approximateBytes) {
        CompletableFuture<ApplyResult> f = new CompletableFuture<>();
        queue.add(new Pending(command, f, approximateBytes));
        trySend();
        return f;
    }

    private void trySend() {
        while (!queue.isEmpty() && sending.compareAndSet(false, true)) {
            List<Pending> batch = new ArrayList<>();
            long bytes = 0;
            Pending p;
            while (batch.size() < maxCommands && (p = queue.peek()) != null
                    && (batch.isEmpty() || bytes + p.size() <= maxBytes)) {
                queue.poll();
                batch.add(p);
                bytes += p.size();
            }
            if (batch.isEmpty()) {
                sending.set(false);
                continue;
            }
            send(batch);
            return;
        }
    }

    private void send(List<Pending> batch) {
        long first = nextSeq;
        nextSeq += batch.size();
        List<Command> commands = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            commands.add(batch.get(i).command());
            stateMachine.expect(first + i, batch.get(i).future());
        }
        byte[] data = new Batch(origin, first, clock.getAsLong(), commands).encode();
        CompletableFuture<RaftClientReply> reply;
        try {
            reply = raft.submit(data);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((r, err) -> {
            Throwable failure = err;
            if (failure == null && !r.isSuccess()) {
                failure = r.getException() != null ? r.getException()
                        : new IllegalStateException("log entry not accepted");
            }
            if (failure != null) {
                for (int i = 0; i < batch.size(); i++) {
                    stateMachine.abandon(first + i, failure);
                }
            }
            sending.set(false);
            trySend();
        });
    }
}
