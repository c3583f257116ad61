package dev.flotilla.node.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.node.server.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the leader and of random members, again and again, under a steady write load through several
 * clients, then a kill of every member at the same moment and a restart of all: every acknowledged write must
 * still be there and the history of quorum reads, writes and CAS must be linearizable.
 *
 * <p>How long the load runs: {@code -Dflotilla.faults.minutes=N} (default 1.5).
 */
class KillRestartIT {
    static final long CHECK_BUDGET = 5_000_000;

    static Duration loadDuration() {
        double minutes = Double.parseDouble(System.getProperty("flotilla.faults.minutes", "1.5"));
        return Duration.ofMillis((long) (minutes * 60_000));
    }

    @Test
    void killLeaderAndMembersRepeatedlyThenAllAtOnce(@TempDir Path dir) throws Exception {
        SplittableRandom rnd = new SplittableRandom(7);
        List<Long> leaderRecovery = new ArrayList<>();
        List<Long> memberRecovery = new ArrayList<>();
        List<Long> allRecovery = new ArrayList<>();
        List<Long> rejoin = new ArrayList<>();
        List<Long> leaderFaults = new ArrayList<>();
        List<Long> memberFaults = new ArrayList<>();
        long allFault;
        try (LocalCluster c = new LocalCluster(3, dir)) {
            c.startAll();
            c.awaitLeader(Duration.ofSeconds(90));
            Workload load = new Workload(c, 5, 100, Duration.ofSeconds(15), 4);
            load.sendOnlyTo(c::alive);
            load.start();
            long end = System.nanoTime() + loadDuration().toNanos();
            int cycle = 0;
            while (System.nanoTime() < end) {
                Thread.sleep(2000);
                int leader = c.awaitLeader(Duration.ofSeconds(60));
                boolean killLeader = cycle++ % 2 == 0;
                int victim = killLeader ? leader : rnd.nextInt(3);
                long at = load.history().now();
                c.kill(victim);
                (victim == leader ? leaderFaults : memberFaults).add(at);
                Thread.sleep(3000);
                c.start(victim);
                rejoin.add(awaitServing(c, load, victim, Duration.ofSeconds(90)));
            }
            // every member at once, then all back on the same data directories
            Thread.sleep(2000);
            allFault = load.history().now();
            c.killAll();
            c.startAll();
            c.awaitLeader(Duration.ofSeconds(90));
            for (int i = 0; i < 3; i++) {
                awaitServing(c, load, i, Duration.ofSeconds(90));
            }
            Thread.sleep(3000);
            load.close();

            Set<String> lost = load.finalCheck(99);
            for (long at : leaderFaults) {
                leaderRecovery.add(millis(load.recoveryAfter(at)));
            }
            for (long at : memberFaults) {
                memberRecovery.add(millis(load.recoveryAfter(at)));
            }
            allRecovery.add(millis(load.recoveryAfter(allFault)));

            List<Op> ops = load.history().ops();
            Map<String, LinearizabilityChecker.Result> results = LinearizabilityChecker.check(ops, CHECK_BUDGET);
            List<LinearizabilityChecker.Result> bad = results.values().stream()
                    .filter(r -> !r.linearizable()).toList();
            int acked = load.acknowledged();
            FaultReport.add(new FaultReport.Row("kill-restart", "kill -9 leader", leaderFaults.size(), acked,
                    lost.size(), bad.size(), leaderRecovery));
            FaultReport.add(new FaultReport.Row("kill-restart", "kill -9 random member", memberFaults.size(), acked,
                    lost.size(), bad.size(), memberRecovery));
            FaultReport.add(new FaultReport.Row("kill-restart", "killed member rejoins (serves quorum)",
                    rejoin.size(), acked, lost.size(), bad.size(), rejoin));
            FaultReport.add(new FaultReport.Row("kill-restart", "kill -9 all at once, restart all", 1, acked,
                    lost.size(), bad.size(), allRecovery));

            assertTrue(lost.isEmpty(), "acknowledged writes lost: " + lost);
            assertTrue(bad.isEmpty(), "not linearizable: " + bad);
            assertTrue(acked > 100, "too few operations acknowledged to mean anything: " + acked);
            assertEquals(results.size(), results.values().stream().filter(r -> r.linearizable()).count());
        }
    }

    static long millis(long nanos) {
        return nanos < 0 ? -1 : nanos / 1_000_000;
    }

    /** Milliseconds until the member answers a quorum read itself. */
    static long awaitServing(LocalCluster c, Workload load, int member, Duration timeout) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Workload.Answer a = load.send(member, "GET", "/v2/keys/?quorum=true", null);
            if (a.ok()) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(c.name(member) + " does not serve quorum reads " + timeout + " after its restart\n"
                + c.logTail(member));
    }
}
