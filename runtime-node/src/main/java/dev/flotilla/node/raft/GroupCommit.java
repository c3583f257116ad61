package dev.flotilla.node.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * One batch in flight at a time; what arrives meanwhile goes together in the next batch, up to a number of
 * commands and bytes. Shared by the leader's {@link Proposer} (batches = log entries) and a follower's
 * {@link Relay} (batches = segments sent to the leader). Measured: one in flight beats two or more on a 2-core
 * machine (more, smaller entries cost more than the waiting saves).
 *
 * @param <T> a queued item
 */
final class GroupCommit<T> {
    private final int maxCommands;
    private final long maxBytes;
    private final ToIntFunction<T> commands;
    private final ToLongFunction<T> bytes;
    private final BiPredicate<T, T> together;
    private final Consumer<List<T>> send;
    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();

    /**
     * @param commands how many commands an item holds
     * @param bytes    an item's approximate encoded size
     * @param together may an item join a batch that starts with the given first item?
     * @param send     sends a batch; must call {@link #sent()} once that batch has ended, however it ended
     */
    GroupCommit(int maxCommands, long maxBytes, ToIntFunction<T> commands, ToLongFunction<T> bytes,
                BiPredicate<T, T> together, Consumer<List<T>> send) {
        this.maxCommands = maxCommands;
        this.maxBytes = maxBytes;
        this.commands = commands;
        this.bytes = bytes;
        this.together = together;
        this.send = send;
    }

    void add(T item) {
        queue.add(item);
        trySend();
    }

    boolean isIdle() {
        return queue.isEmpty();
    }

    /** The batch in flight has ended: the next one may go. */
    void sent() {
        sending.set(false);
        trySend();
    }

    private void trySend() {
        while (!queue.isEmpty() && sending.compareAndSet(false, true)) {
            List<T> batch = new ArrayList<>();
            long size = 0;
            int count = 0;
            T p;
            while (count < maxCommands && (p = queue.peek()) != null && (batch.isEmpty()
                    || (size + bytes.applyAsLong(p) <= maxBytes && together.test(batch.get(0), p)))) {
                queue.poll();
                batch.add(p);
                size += bytes.applyAsLong(p);
                count += commands.applyAsInt(p);
            }
            if (batch.isEmpty()) {
                sending.set(false);
                continue;
            }
            send.accept(batch);
            return;
        }
    }
}
