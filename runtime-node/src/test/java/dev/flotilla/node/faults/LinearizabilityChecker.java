package dev.flotilla.node.faults;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Linearizability of a history against a register-with-compare-and-swap model, one register per key (a history
 * is linearizable iff each key's sub-history is: linearizability is compositional). The search is Wing &amp;
 * Gong's, with Lowe's memoization of (set of linearized operations, register value) as Knossos and Porcupine do:
 * walk the calls in time order, tentatively linearize any operation whose call comes before the first pending
 * return, backtrack when a return is reached whose operation could not be placed.
 *
 * <p>Outcomes: FAILED operations had no effect and are left out; a read without an answer tells nothing and is
 * left out; an UNKNOWN write or CAS may take effect at any point after its call, so it has no return (it may be
 * linearized last, which is the same as never).
 */
public final class LinearizabilityChecker {

    /** The verdict for one key. */
    public record Result(String key, Verdict verdict, int operations, long steps, String explanation) {
        public boolean linearizable() {
            return verdict == Verdict.LINEARIZABLE;
        }
    }

    public enum Verdict {
        LINEARIZABLE,
        /** No order of the operations agrees with both real time and the register's answers. */
        VIOLATION,
        /** The step budget ran out before an answer: not a pass. */
        UNDETERMINED
    }

    private LinearizabilityChecker() {
    }

    /** Checks every key of a history; the map is ordered by key. */
    public static Map<String, Result> check(List<Op> history, long maxStepsPerKey) {
        Map<String, List<Op>> byKey = new TreeMap<>();
        for (Op op : history) {
            byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
        }
        Map<String, Result> results = new LinkedHashMap<>();
        for (Map.Entry<String, List<Op>> e : byKey.entrySet()) {
            results.put(e.getKey(), checkKey(e.getKey(), e.getValue(), maxStepsPerKey));
        }
        return results;
    }

    /**
     * Checks the operations of one key (the register starts absent: null).
     *
     * <p>Unknown outcomes are what make the search explode: each may take effect anywhere after its call, so each
     * doubles the states to explore. Two reductions, both sound when written values are unique: an unknown
     * operation whose value was observed (read, or expected by a CAS that swapped) certainly took effect before
     * the first observer's answer, so it gets that answer time as its return; one never observed is first left
     * out (any order found without it stays valid with it placed last), and only if that finds no order is the
     * search repeated with it.
     */
    public static Result checkKey(String key, List<Op> keyOps, long maxSteps) {
        List<Op> ops = new ArrayList<>();
        Map<String, Integer> writers = new HashMap<>();
        for (Op op : keyOps) {
            if (!op.key().equals(key)) {
                throw new IllegalArgumentException("op " + op.id() + " is on " + op.key() + ", not " + key);
            }
            boolean noEffect = op.outcome() == Op.Outcome.FAILED;
            boolean silentRead = op.type() == Op.Type.READ && op.outcome() != Op.Outcome.OK;
            if (!noEffect && !silentRead) {
                ops.add(op);
            }
            if (op.isWrite()) {
                writers.merge(op.value(), 1, Integer::sum);
            }
        }
        Map<String, Long> firstObserved = new HashMap<>();
        for (Op op : ops) {
            String seen = op.type() == Op.Type.READ ? op.value()
                    : op.type() == Op.Type.CAS && op.outcome() == Op.Outcome.OK && op.swapped() ? op.expected() : null;
            if (seen != null) {
                firstObserved.merge(seen, op.complete(), Math::min);
            }
        }
        List<Op> pinned = new ArrayList<>(ops.size());
        List<Op> unobserved = new ArrayList<>();
        for (Op op : ops) {
            if (op.outcome() != Op.Outcome.UNKNOWN || writers.get(op.value()) != 1) {
                pinned.add(op);
                continue;
            }
            Long seenBy = firstObserved.get(op.value());
            if (seenBy == null) {
                unobserved.add(op);
            } else if (seenBy >= op.invoke()) {
                // it happened, and before its first observer answered: a CAS that took effect swapped
                pinned.add(new Op(op.id(), op.client(), op.type(), op.key(), op.value(), op.expected(),
                        Op.Outcome.OK, true, op.invoke(), seenBy));
            } else {
                pinned.add(op); // seen before it was sent: the search reports the violation
            }
        }
        Result fast = new Search(key, pinned, maxSteps).run();
        if (fast.linearizable() || unobserved.isEmpty()) {
            return fast;
        }
        List<Op> all = new ArrayList<>(pinned);
        all.addAll(unobserved);
        Result full = new Search(key, all, maxSteps).run();
        return new Result(key, full.verdict(), full.operations(), fast.steps() + full.steps(), full.explanation());
    }

    /** One entry of the time-ordered list: an operation's call or its return. */
    private static final class Entry {
        final Op op;
        final int index;
        final boolean call;
        final long time;
        Entry match;
        Entry prev;
        Entry next;

        Entry(Op op, int index, boolean call, long time) {
            this.op = op;
            this.index = index;
            this.call = call;
            this.time = time;
        }
    }

    private record Frame(Entry call, int valueBefore) {
    }

    /**
     * The search. Register values are numbered (0: absent) and a state (set of placed operations, value) is
     * remembered by a 128-bit Zobrist fingerprint kept up to date by XOR as operations are placed and taken back:
     * a full set per state would cost gigabytes on the histories a fault run produces. A collision (odds about
     * states&#178; / 2^128) could only hide an order, i.e. report a violation that is not one, never the reverse.
     */
    private static final class Search {
        private static final int REFUSED = -1;

        final String key;
        final List<Op> ops;
        final long maxSteps;
        final Entry head = new Entry(null, -1, false, Long.MIN_VALUE);
        final int[] valueOf;
        final int[] expectedOf;
        final long[] opZ1;
        final long[] opZ2;
        final long[] valueZ1;
        final long[] valueZ2;
        final List<String> valueNames = new ArrayList<>();
        /** Definite operations still to place; when none are left, the unknown rest can go last in any order. */
        int definiteLeft;
        // the deepest point reached, to explain a violation
        int deepest = -1;
        Entry deepestBlock;
        int deepestValue;

        Search(String key, List<Op> ops, long maxSteps) {
            this.key = key;
            this.ops = ops;
            this.maxSteps = maxSteps;
            int n = ops.size();
            valueOf = new int[n];
            expectedOf = new int[n];
            opZ1 = new long[n];
            opZ2 = new long[n];
            Map<String, Integer> ids = new HashMap<>();
            valueNames.add(null);
            SplittableRandom rnd = new SplittableRandom(0x5eedL ^ key.hashCode());
            for (int i = 0; i < n; i++) {
                Op op = ops.get(i);
                valueOf[i] = id(ids, op.value());
                expectedOf[i] = op.type() == Op.Type.CAS ? id(ids, op.expected()) : 0;
                opZ1[i] = rnd.nextLong();
                opZ2[i] = rnd.nextLong();
            }
            valueZ1 = new long[valueNames.size()];
            valueZ2 = new long[valueNames.size()];
            for (int v = 0; v < valueNames.size(); v++) {
                valueZ1[v] = rnd.nextLong();
                valueZ2[v] = rnd.nextLong();
            }
        }

        private int id(Map<String, Integer> ids, String value) {
            if (value == null) {
                return 0;
            }
            return ids.computeIfAbsent(value, v -> {
                valueNames.add(v);
                return valueNames.size() - 1;
            });
        }

        /** The register-with-CAS model: the value after operation i, or REFUSED if its answer is impossible. */
        private int step(int value, int i) {
            Op op = ops.get(i);
            return switch (op.type()) {
                case READ -> value == valueOf[i] ? value : REFUSED;
                case WRITE -> valueOf[i];
                case CAS -> {
                    boolean matches = value == expectedOf[i];
                    if (op.outcome() == Op.Outcome.UNKNOWN) {
                        yield matches ? valueOf[i] : value;
                    }
                    if (op.swapped()) {
                        yield matches ? valueOf[i] : REFUSED;
                    }
                    yield matches ? REFUSED : value;
                }
            };
        }

        Result run() {
            List<Entry> entries = new ArrayList<>(ops.size() * 2);
            for (int i = 0; i < ops.size(); i++) {
                Op op = ops.get(i);
                Entry call = new Entry(op, i, true, op.invoke());
                Entry ret = new Entry(op, i, false, op.complete());
                call.match = ret;
                entries.add(call);
                entries.add(ret);
                if (op.outcome() != Op.Outcome.UNKNOWN) {
                    definiteLeft++;
                }
            }
            // at equal times calls go first: touching operations count as concurrent (the lenient reading)
            entries.sort(Comparator.comparingLong((Entry e) -> e.time).thenComparing(e -> !e.call));
            Entry prev = head;
            for (Entry e : entries) {
                prev.next = e;
                e.prev = prev;
                prev = e;
            }

            long set1 = 0;
            long set2 = 0;
            int value = 0;
            FingerprintSet seen = new FingerprintSet();
            Deque<Frame> stack = new ArrayDeque<>();
            long steps = 0;
            Entry entry = head.next;
            while (definiteLeft > 0) {
                if (++steps > maxSteps) {
                    return new Result(key, Verdict.UNDETERMINED, ops.size(), steps,
                            "gave up after " + maxSteps + " steps with " + stack.size() + " of " + ops.size()
                                    + " operations placed");
                }
                if (entry.call) {
                    int i = entry.index;
                    int after = step(value, i);
                    if (after != REFUSED) {
                        long n1 = set1 ^ opZ1[i];
                        long n2 = set2 ^ opZ2[i];
                        if (seen.add(n1 ^ valueZ1[after], n2 ^ valueZ2[after])) {
                            stack.push(new Frame(entry, value));
                            set1 = n1;
                            set2 = n2;
                            value = after;
                            lift(entry);
                            if (entry.op.outcome() != Op.Outcome.UNKNOWN) {
                                definiteLeft--;
                            }
                            entry = head.next;
                            continue;
                        }
                    }
                    entry = entry.next;
                } else {
                    // a return whose operation was not placed: what was placed before must change
                    if (stack.size() > deepest) {
                        deepest = stack.size();
                        deepestBlock = entry;
                        deepestValue = value;
                    }
                    if (stack.isEmpty()) {
                        return new Result(key, Verdict.VIOLATION, ops.size(), steps, explain());
                    }
                    Frame f = stack.pop();
                    Entry call = f.call();
                    value = f.valueBefore();
                    set1 ^= opZ1[call.index];
                    set2 ^= opZ2[call.index];
                    if (call.op.outcome() != Op.Outcome.UNKNOWN) {
                        definiteLeft++;
                    }
                    unlift(call);
                    entry = call.next;
                }
            }
            return new Result(key, Verdict.LINEARIZABLE, ops.size(), steps, "");
        }

        private String explain() {
            Op blocked = deepestBlock.op;
            StringBuilder sb = new StringBuilder();
            sb.append("at most ").append(deepest).append(" of ").append(ops.size())
                    .append(" operations can be ordered; then ").append(blocked)
                    .append(" cannot take effect (the register holds ").append(valueNames.get(deepestValue))
                    .append(" in the longest order). Operations overlapping it:");
            for (Op op : ops) {
                if (op.invoke() <= blocked.complete() && op.complete() >= blocked.invoke() && op != blocked) {
                    sb.append("\n    ").append(op);
                }
            }
            // the most recent writes completed before it, which it must see or follow
            List<Op> before = new ArrayList<>();
            for (Op op : ops) {
                if (op.isWrite() && op.complete() < blocked.invoke()) {
                    before.add(op);
                }
            }
            before.sort(Comparator.comparingLong(Op::complete));
            sb.append("\n  last writes completed before it:");
            for (Op op : before.subList(Math.max(0, before.size() - 3), before.size())) {
                sb.append("\n    ").append(op);
            }
            return sb.toString();
        }
    }

    /** An open-addressing set of 128-bit fingerprints, two longs a slot; (0, 0) marks a free slot. */
    private static final class FingerprintSet {
        private long[] a = new long[1 << 12];
        private long[] b = new long[1 << 12];
        private int size;

        boolean add(long x, long y) {
            if (x == 0 && y == 0) {
                x = 1; // the free-slot mark: remapping it adds one more collision chance, no more
            }
            if ((size + 1) * 2 > a.length) {
                grow();
            }
            int mask = a.length - 1;
            int slot = (int) (x ^ (x >>> 32)) & mask;
            while (a[slot] != 0 || b[slot] != 0) {
                if (a[slot] == x && b[slot] == y) {
                    return false;
                }
                slot = (slot + 1) & mask;
            }
            a[slot] = x;
            b[slot] = y;
            size++;
            return true;
        }

        private void grow() {
            long[] oldA = a;
            long[] oldB = b;
            a = new long[oldA.length * 2];
            b = new long[oldB.length * 2];
            size = 0;
            for (int i = 0; i < oldA.length; i++) {
                if (oldA[i] != 0 || oldB[i] != 0) {
                    add(oldA[i], oldB[i]);
                }
            }
        }
    }

    private static void lift(Entry call) {
        call.prev.next = call.next;
        call.next.prev = call.prev;
        Entry ret = call.match;
        ret.prev.next = ret.next;
        if (ret.next != null) {
            ret.next.prev = ret.prev;
        }
    }

    private static void unlift(Entry call) {
        Entry ret = call.match;
        ret.prev.next = ret;
        if (ret.next != null) {
            ret.next.prev = ret;
        }
        call.prev.next = call;
        call.next.prev = call;
    }
}
