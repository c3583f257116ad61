package dev.flotilla.node.faults;

import java.util.Objects;

/**
 * One completed entry of a history: what a client asked, when (monotonic nanoseconds of the test JVM, so
 * real-time order between clients is exact), and what it learned.
 *
 * @param id       position in the history (unique)
 * @param client   the client (process) that issued it
 * @param type     read, write or compare-and-swap
 * @param key      the register
 * @param value    WRITE: value written; CAS: new value; READ: value read (null when the key did not exist)
 * @param expected CAS only: the value compared against
 * @param outcome  ok, failed-definitely (no effect) or unknown (may take effect at any time after invocation)
 * @param swapped  CAS with outcome OK: true when it swapped, false when the comparison failed
 * @param invoke   when the request was sent
 * @param complete when the answer came back ({@link Long#MAX_VALUE} for unknown outcomes)
 */
public record Op(int id, int client, Type type, String key, String value, String expected, Outcome outcome,
                 boolean swapped, long invoke, long complete) {

    public enum Type { READ, WRITE, CAS }

    public enum Outcome {
        /** The answer was received: the operation took effect exactly as answered. */
        OK,
        /** The operation certainly had no effect (e.g. the connection was refused before it was sent). */
        FAILED,
        /** No usable answer (timeout, dropped connection, internal error): it may or may not take effect. */
        UNKNOWN
    }

    public Op {
        Objects.requireNonNull(type);
        Objects.requireNonNull(key);
        Objects.requireNonNull(outcome);
        if (type != Type.READ && value == null) {
            throw new IllegalArgumentException("a " + type + " needs a value");
        }
        if (type == Type.CAS && expected == null) {
            throw new IllegalArgumentException("a CAS needs an expected value");
        }
        if (outcome == Outcome.UNKNOWN) {
            complete = Long.MAX_VALUE;
        } else if (complete < invoke) {
            throw new IllegalArgumentException("op " + id + " completes before it starts");
        }
    }

    public boolean isWrite() {
        return type != Type.READ;
    }

    @Override
    public String toString() {
        String what = switch (type) {
            case READ -> "read " + key + " -> " + value;
            case WRITE -> "write " + key + " := " + value;
            case CAS -> "cas " + key + " " + expected + " -> " + value
                    + (outcome == Outcome.OK ? (swapped ? " (swapped)" : " (compare failed)") : "");
        };
        String end = complete == Long.MAX_VALUE ? "?" : Long.toString(complete);
        return "#" + id + " c" + client + " [" + invoke + ", " + end + "] " + what + " " + outcome;
    }
}
