package dev.flotilla.node.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A thread-safe recorder of client operations. A client calls {@code invoke} just before sending a request and
 * one of {@code ok}/{@code failed}/{@code unknown} with the answer; the times are taken here so every client uses
 * the same monotonic clock.
 */
public final class History {
    private final AtomicInteger ids = new AtomicInteger();
    private final List<Op> ops = new ArrayList<>();
    private final long origin = System.nanoTime();

    /** An operation that has been sent and not yet answered. */
    public final class Pending {
        final int id = ids.getAndIncrement();
        final int client;
        final Op.Type type;
        final String key;
        final String value;
        final String expected;
        final long invoke = now();

        Pending(int client, Op.Type type, String key, String value, String expected) {
            this.client = client;
            this.type = type;
            this.key = key;
            this.value = value;
            this.expected = expected;
        }

        /** Answered: for a read, {@code readValue} is what it returned (null: no such key). */
        public Op ok(String readValue) {
            return add(type == Op.Type.READ ? readValue : value, Op.Outcome.OK, type == Op.Type.CAS);
        }

        public Op ok() {
            return ok(null);
        }

        /** A CAS whose comparison failed: it was applied and changed nothing. */
        public Op compareFailed() {
            return add(value, Op.Outcome.OK, false);
        }

        public Op failed() {
            return add(value, Op.Outcome.FAILED, false);
        }

        public Op unknown() {
            return add(value, Op.Outcome.UNKNOWN, false);
        }

        private Op add(String v, Op.Outcome outcome, boolean swapped) {
            Op op = new Op(id, client, type, key, v, expected, outcome, swapped, invoke, now());
            synchronized (ops) {
                ops.add(op);
            }
            return op;
        }
    }

    public Pending read(int client, String key) {
        return new Pending(client, Op.Type.READ, key, null, null);
    }

    public Pending write(int client, String key, String value) {
        return new Pending(client, Op.Type.WRITE, key, value, null);
    }

    public Pending cas(int client, String key, String expected, String value) {
        return new Pending(client, Op.Type.CAS, key, value, expected);
    }

    /** Nanoseconds since this history began. */
    public long now() {
        return System.nanoTime() - origin;
    }

    /** Every completed operation so far, in completion order. */
    public List<Op> ops() {
        synchronized (ops) {
            return List.copyOf(ops);
        }
    }
}
