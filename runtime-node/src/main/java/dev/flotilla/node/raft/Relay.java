package dev.flotilla.node.raft;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A follower's writes on their way to the leader. Concurrent writes go together as one segment in one request
 * (one round trip per round, not per write); the leader puts the segment whole into its next log entry, beside its
 * own writes and the other followers' segments. Each write's result then comes from this member's own apply of
 * that entry, exactly as for a local proposal: the reply is sent once this member has applied the write
 * (read-your-writes on every member), and nothing but "applied" travels back from the leader.
 *
 * <p>Why: relaying each write as its own HTTP request cost a request, a reply and their parsing per write on both
 * ends; proposing followers' writes as their own entries made three streams of small entries. Measured on a
 * 3-member cluster with writes spread over all members (see the README's benchmark section).
 */
public final class Relay {
    /** Sends one encoded segment to the leader; completes once the leader has applied it. */
    @FunctionalInterface
    public interface Transport {
        CompletableFuture<Void> send(String leaderUrl, byte[] segment);
    }

    /** The segment never reached the leader (connection refused): proposing its writes here instead is safe. */
    public static final class NotSent extends RuntimeException {
        public NotSent(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private record Pending(String leaderUrl, Command command, CompletableFuture<ApplyResult> future, int size) {
    }

    private final StoreStateMachine stateMachine;
    private final Proposer local;
    private final Transport transport;
    private final long origin;
    private final long maxBytes;
    private final GroupCommit<Pending> queue;
    private long nextSeq = 1;

    public Relay(StoreStateMachine stateMachine, Proposer local, Transport transport, int maxCommands) {
        this.stateMachine = stateMachine;
        this.local = local;
        this.transport = transport;
        this.origin = stateMachine.relayOrigin();
        // a segment must fit the leader's entry whole
        this.maxBytes = local.maxBytes() - 1024;
        this.queue = new GroupCommit<>(maxCommands, maxBytes, p -> 1, Pending::size,
                (first, p) -> p.leaderUrl().equals(first.leaderUrl()), this::send);
    }

    /** Relays a write to the leader at {@code leaderUrl}; completes when this member has applied it. */
    public CompletableFuture<ApplyResult> submit(String leaderUrl, Command command, int approximateBytes) {
        if (approximateBytes > maxBytes) {
            return local.propose(command, approximateBytes);
        }
        CompletableFuture<ApplyResult> f = new CompletableFuture<>();
        queue.add(new Pending(leaderUrl, command, f, approximateBytes));
        return f;
    }

    private void send(List<Pending> batch) {
        long first = nextSeq;
        nextSeq += batch.size();
        List<Command> commands = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            commands.add(batch.get(i).command());
            stateMachine.expect(origin, first + i, batch.get(i).future());
        }
        CompletableFuture<Void> sent;
        try {
            sent = transport.send(batch.get(0).leaderUrl(), encode(new Batch.Segment(origin, first, commands)));
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((v, err) -> {
            if (err != null) {
                Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                for (int i = 0; i < batch.size(); i++) {
                    CompletableFuture<ApplyResult> f = stateMachine.take(origin, first + i);
                    if (f == null) {
                        continue; // applied here after all
                    }
                    if (t instanceof NotSent) {
                        Pending p = batch.get(i);
                        local.propose(p.command(), p.size()).whenComplete((r, e) -> {
                            if (e != null) {
                                f.completeExceptionally(e);
                            } else {
                                f.complete(r);
                            }
                        });
                    } else {
                        // it may have been applied (the answer was lost): reported as failed, never re-sent
                        f.completeExceptionally(t);
                    }
                }
            }
            queue.sent();
        });
    }

    static byte[] encode(Batch.Segment segment) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + segment.commands().size() * 64);
            DataOutputStream out = new DataOutputStream(bytes);
            Batch.writeSegment(out, segment);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
    }

    /** Reads a relayed segment; refuses anything but key writes (membership changes are the leader's own). */
    public static Batch.Segment decode(byte[] body) throws IOException {
        java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(body));
        Batch.Segment s = Batch.readSegment(in);
        if (in.read() != -1) {
            throw new IOException("trailing bytes after the relayed segment");
        }
        if (s.commands().isEmpty()) {
            throw new IOException("no writes in the relayed segment");
        }
        for (Command c : s.commands()) {
            if (!(c instanceof Command.Write)) {
                throw new IOException("only key writes are relayed");
            }
        }
        return s;
    }
}
