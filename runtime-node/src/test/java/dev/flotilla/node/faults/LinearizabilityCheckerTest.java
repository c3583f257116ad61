package dev.flotilla.node.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.node.faults.LinearizabilityChecker.Result;
import dev.flotilla.node.faults.LinearizabilityChecker.Verdict;
import dev.flotilla.node.faults.Op.Outcome;
import dev.flotilla.node.faults.Op.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The checker on hand-made histories whose verdict is known, and on large generated ones. */
class LinearizabilityCheckerTest {
    private static final long BUDGET = 20_000_000;

    /** A tiny history builder: times are plain numbers, one register "x" unless said otherwise. */
    private static final class H {
        final List<Op> ops = new ArrayList<>();

        H write(int client, String v, long start, long end) {
            ops.add(new Op(ops.size(), client, Type.WRITE, "x", v, null, Outcome.OK, false, start, end));
            return this;
        }

        H write(int client, String v, long start, long end, Outcome outcome) {
            ops.add(new Op(ops.size(), client, Type.WRITE, "x", v, null, outcome, false, start, end));
            return this;
        }

        H read(int client, String v, long start, long end) {
            ops.add(new Op(ops.size(), client, Type.READ, "x", v, null, Outcome.OK, false, start, end));
            return this;
        }

        H cas(int client, String expected, String v, boolean swapped, long start, long end) {
            ops.add(new Op(ops.size(), client, Type.CAS, "x", v, expected, Outcome.OK, swapped, start, end));
            return this;
        }

        H casUnknown(int client, String expected, String v, long start) {
            ops.add(new Op(ops.size(), client, Type.CAS, "x", v, expected, Outcome.UNKNOWN, false, start, start));
            return this;
        }

        Result check() {
            return LinearizabilityChecker.checkKey("x", ops, BUDGET);
        }
    }

    @Test
    void sequentialHistoryIsLinearizable() {
        Result r = new H().read(0, null, 0, 1).write(0, "a", 2, 3).read(1, "a", 4, 5)
                .cas(1, "a", "b", true, 6, 7).cas(0, "a", "c", false, 8, 9).read(0, "b", 10, 11).check();
        assertEquals(Verdict.LINEARIZABLE, r.verdict(), r.explanation());
        assertEquals(6, r.operations());
    }

    @Test
    void readsOverlappingAWriteMaySeeEitherValue() {
        // w(b) spans [10, 40]: a read inside it may return a or b, in an order consistent with one switch point
        Result r = new H().write(0, "a", 0, 5).write(0, "b", 10, 40).read(1, "a", 12, 15).read(2, "b", 14, 20)
                .read(1, "b", 21, 25).check();
        assertTrue(r.linearizable(), r.explanation());
    }

    @Test
    void staleReadIsCaught() {
        // both writes were acknowledged before the read began, yet it returns the older value
        Result r = new H().write(0, "a", 0, 5).write(1, "b", 6, 10).read(2, "a", 11, 15).check();
        assertEquals(Verdict.VIOLATION, r.verdict());
        assertTrue(r.explanation().contains("read x -> a"), r.explanation());
    }

    @Test
    void lostWriteIsCaught() {
        // an acknowledged write that a later read does not see: the register still looks never written
        Result lostFirst = new H().write(0, "a", 0, 5).read(1, null, 6, 8).check();
        assertEquals(Verdict.VIOLATION, lostFirst.verdict());
        // an acknowledged CAS rolled back: the value before it comes back
        Result lostCas = new H().write(0, "a", 0, 5).cas(1, "a", "b", true, 6, 9).read(2, "b", 10, 12)
                .read(0, "a", 13, 14).check();
        assertEquals(Verdict.VIOLATION, lostCas.verdict());
    }

    @Test
    void newOldInversionBetweenReadersIsCaught() {
        // during one slow write, a reader sees the new value and a later reader the old one
        Result r = new H().write(0, "a", 0, 1).write(0, "b", 10, 100).read(1, "b", 20, 30).read(2, "a", 40, 50)
                .check();
        assertEquals(Verdict.VIOLATION, r.verdict());
    }

    @Test
    void compareAndSwapAnswersMustAgreeWithTheValue() {
        // the comparison failed although the register certainly held the expected value
        Result falseFailure = new H().write(0, "a", 0, 5).cas(1, "a", "b", false, 6, 8).check();
        assertEquals(Verdict.VIOLATION, falseFailure.verdict());
        // two CAS from the same value cannot both swap
        Result doubleSwap = new H().write(0, "a", 0, 5).cas(1, "a", "b", true, 6, 20).cas(2, "a", "c", true, 7, 21)
                .check();
        assertEquals(Verdict.VIOLATION, doubleSwap.verdict());
        // ...but concurrent ones may swap in either order when the second expects the first's value
        Result chain = new H().write(0, "a", 0, 5).cas(1, "b", "c", true, 6, 20).cas(2, "a", "b", true, 7, 21)
                .read(0, "c", 22, 23).check();
        assertTrue(chain.linearizable(), chain.explanation());
    }

    @Test
    void unknownOutcomesMayOrMayNotTakeEffect() {
        // a timed-out write shows up later (it was applied after the client gave up)
        Result appliedLate = new H().write(0, "a", 0, 5).write(1, "b", 6, 0, Outcome.UNKNOWN).read(2, "a", 7, 8)
                .read(2, "b", 100, 101).check();
        assertTrue(appliedLate.linearizable(), appliedLate.explanation());
        // or never
        Result never = new H().write(0, "a", 0, 5).write(1, "b", 6, 0, Outcome.UNKNOWN).read(2, "a", 100, 101)
                .check();
        assertTrue(never.linearizable(), never.explanation());
        // an unknown CAS may have swapped
        Result cas = new H().write(0, "a", 0, 5).casUnknown(1, "a", "b", 6).read(2, "b", 100, 101).check();
        assertTrue(cas.linearizable(), cas.explanation());
        // but not before it was sent
        Result early = new H().write(0, "a", 0, 5).read(2, "b", 6, 7).write(1, "b", 8, 0, Outcome.UNKNOWN).check();
        assertEquals(Verdict.VIOLATION, early.verdict());
    }

    @Test
    void definitelyFailedWriteMustNotBeSeen() {
        Result r = new H().write(0, "a", 0, 5).write(1, "b", 6, 7, Outcome.FAILED).read(2, "b", 8, 9).check();
        assertEquals(Verdict.VIOLATION, r.verdict());
    }

    @Test
    void keysAreJudgedSeparately() {
        List<Op> ops = List.of(
                new Op(0, 0, Type.WRITE, "x", "1", null, Outcome.OK, false, 0, 5),
                new Op(1, 1, Type.WRITE, "y", "2", null, Outcome.OK, false, 0, 5),
                new Op(2, 2, Type.READ, "x", "1", null, Outcome.OK, false, 6, 7),
                new Op(3, 2, Type.READ, "y", null, null, Outcome.OK, false, 6, 7));
        Map<String, Result> results = LinearizabilityChecker.check(ops, BUDGET);
        assertTrue(results.get("x").linearizable());
        assertEquals(Verdict.VIOLATION, results.get("y").verdict());
    }

    @Test
    void exhaustedBudgetIsNotAPass() {
        H h = new H();
        for (int i = 0; i < 40; i++) {
            h.write(i, "v" + i, 0, 100);
        }
        h.read(0, "nobody-wrote-this", 200, 201);
        Result r = LinearizabilityChecker.checkKey("x", h.ops, 1000);
        assertEquals(Verdict.UNDETERMINED, r.verdict());
        assertFalse(r.linearizable());
    }

    /**
     * Large histories from a simulated atomic register (each operation takes effect at one random instant inside
     * its interval, clients overlap, some answers are lost): always linearizable; then one read is made stale.
     */
    @Test
    void generatedHistoriesAreJudgedCorrectly() {
        for (int seed = 1; seed <= 5; seed++) {
            List<Op> ops = simulate(new Random(seed), 1500, 6);
            Result ok = LinearizabilityChecker.checkKey("x", ops, BUDGET);
            assertTrue(ok.linearizable(), "seed " + seed + ": " + ok.explanation());

            // proving a violation means trying every order before it: smaller histories keep this quick
            List<Op> broken = makeOneReadStale(simulate(new Random(seed), 300, 6));
            Result bad = LinearizabilityChecker.checkKey("x", broken, BUDGET);
            assertEquals(Verdict.VIOLATION, bad.verdict(), "seed " + seed + " stale read not caught");
        }
    }

    @Test
    void unobservedUnknownWriteCanExplainAFailedCompare() {
        // nobody read b, but only b explains why the CAS found something other than a
        Result r = new H().write(0, "a", 0, 5).write(1, "b", 6, 0, Outcome.UNKNOWN).cas(2, "a", "c", false, 10, 12)
                .write(0, "d", 20, 22).read(2, "d", 23, 24).check();
        assertTrue(r.linearizable(), r.explanation());
        Result without = new H().write(0, "a", 0, 5).cas(2, "a", "c", false, 10, 12).check();
        assertEquals(Verdict.VIOLATION, without.verdict());
    }

    /** Clients issue back-to-back operations; the register changes at each operation's own linearization point. */
    private static List<Op> simulate(Random rnd, int count, int clients) {
        record Planned(int client, Type type, String value, String expected, long invoke, long point, long complete,
                       boolean unknown) {
        }
        long[] clientTime = new long[clients];
        List<Planned> planned = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int c = rnd.nextInt(clients);
            long invoke = clientTime[c] + rnd.nextInt(20);
            long complete = invoke + 1 + rnd.nextInt(60);
            long point = invoke + rnd.nextLong(complete - invoke + 1);
            clientTime[c] = complete;
            double p = rnd.nextDouble();
            Type t = p < 0.45 ? Type.READ : p < 0.8 ? Type.WRITE : Type.CAS;
            boolean unknown = t != Type.READ && rnd.nextDouble() < 0.02;
            planned.add(new Planned(c, t, "v" + i, null, invoke, point, complete, unknown));
        }
        // apply in linearization order; CAS expects the current value half of the time
        planned.sort((a, b) -> Long.compare(a.point(), b.point()));
        String value = null;
        List<Op> ops = new ArrayList<>();
        for (Planned p : planned) {
            int id = ops.size();
            switch (p.type()) {
                case READ -> ops.add(new Op(id, p.client(), Type.READ, "x", value, null, Outcome.OK, false,
                        p.invoke(), p.complete()));
                case WRITE -> {
                    boolean lostAnswer = p.unknown();
                    // an unknown write here happened; the checker must allow it
                    value = p.value();
                    ops.add(new Op(id, p.client(), Type.WRITE, "x", p.value(), null,
                            lostAnswer ? Outcome.UNKNOWN : Outcome.OK, false, p.invoke(), p.complete()));
                }
                case CAS -> {
                    String expected = rnd.nextBoolean() && value != null ? value : "v" + rnd.nextInt(count);
                    boolean swapped = expected.equals(value);
                    if (swapped) {
                        value = p.value();
                    }
                    ops.add(new Op(id, p.client(), Type.CAS, "x", p.value(), expected,
                            p.unknown() ? Outcome.UNKNOWN : Outcome.OK, swapped, p.invoke(), p.complete()));
                }
            }
        }
        return ops;
    }

    /** Replaces one late read's value with the value of a write acknowledged long before that read began. */
    private static List<Op> makeOneReadStale(List<Op> ops) {
        List<Op> out = new ArrayList<>(ops);
        for (int i = out.size() - 1; i >= 0; i--) {
            Op read = out.get(i);
            if (read.type() != Type.READ || read.value() == null) {
                continue;
            }
            // an acknowledged write that finished before the read began, followed by another acknowledged write
            // that also finished before the read began: the first one's value is stale for this read
            Op older = null;
            for (Op w : out) {
                if (w.type() == Type.WRITE && w.outcome() == Outcome.OK && w.complete() < read.invoke()
                        && !w.value().equals(read.value())) {
                    boolean overwritten = false;
                    for (Op w2 : out) {
                        if (w2.type() == Type.WRITE && w2.outcome() == Outcome.OK && w2.invoke() > w.complete()
                                && w2.complete() < read.invoke()) {
                            overwritten = true;
                            break;
                        }
                    }
                    if (overwritten) {
                        older = w;
                        break;
                    }
                }
            }
            if (older != null) {
                out.set(i, new Op(read.id(), read.client(), Type.READ, "x", older.value(), null, Outcome.OK, false,
                        read.invoke(), read.complete()));
                return out;
            }
        }
        throw new AssertionError("no read to make stale");
    }
}
