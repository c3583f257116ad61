package dev.flotilla.node.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.node.server.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Network partitions between members in their own network namespaces, under the same steady load as
 * {@link KillRestartIT}: the cut-off member (the leader, then a follower, in turn) acknowledges no write while the
 * majority keeps acknowledging; after the heal the member serves quorum reads again; nothing acknowledged is lost
 * and the history stays linearizable. Cycles: {@code -Dflotilla.faults.minutes} (default 1.5) gives one cycle per
 * 45 s, at least two.
 */
class PartitionIT {

    @Test
    void minorityRefusesWritesMajorityContinuesHealConverges(@TempDir Path dir) throws Exception {
        int cycles = Math.max(2, (int) (KillRestartIT.loadDuration().toSeconds() / 45));
        List<Long> majorityRecovery = new ArrayList<>();
        List<Long> healConvergence = new ArrayList<>();
        int minorityAcks = 0;
        int minorityTries = 0;
        try (NetworkLab lab = new NetworkLab(3); LocalCluster c = new LocalCluster(3, dir)) {
            for (int i = 0; i < 3; i++) {
                c.hosts[i] = lab.address(i);
                c.launchers.set(i, lab.launcher(i));
            }
            c.startAll();
            c.awaitLeader(Duration.ofSeconds(90));
            Workload load = new Workload(c, 5, 100, Duration.ofSeconds(15), 4);
            load.start();
            for (int cycle = 0; cycle < cycles; cycle++) {
                Thread.sleep(2000);
                int leader = c.awaitLeader(Duration.ofSeconds(60));
                int victim = cycle % 2 == 0 ? leader : (leader + 1) % 3;
                long at = load.history().now();
                lab.isolate(victim);
                // the cut-off member must not acknowledge a write; give it time to notice it lost the others
                Thread.sleep(3000);
                for (int k = 0; k < 2; k++) {
                    minorityTries++;
                    Workload.Answer a = load.send(victim, "PUT", "/v2/keys/faults/minority/c" + cycle + "-" + k,
                            "value=x");
                    if (a.ok()) {
                        minorityAcks++;
                    }
                }
                Thread.sleep(2000);
                lab.heal(victim);
                majorityRecovery.add(KillRestartIT.millis(load.recoveryAfter(at)));
                healConvergence.add(KillRestartIT.awaitServing(c, load, victim, Duration.ofSeconds(90)));
            }
            Thread.sleep(2000);
            load.close();
            c.awaitLeader(Duration.ofSeconds(60));
            Set<String> lost = load.finalCheck(99);
            var results = LinearizabilityChecker.check(load.history().ops(), KillRestartIT.CHECK_BUDGET);
            var bad = results.values().stream().filter(r -> !r.linearizable()).toList();
            int acked = load.acknowledged();
            FaultReport.add(new FaultReport.Row("partition", "isolate 1 of 3 (leader/follower)", cycles, acked,
                    lost.size(), bad.size(), majorityRecovery));
            FaultReport.add(new FaultReport.Row("partition", "heal: isolated member serves quorum", cycles,
                    acked, lost.size(), bad.size(), healConvergence));
            FaultReport.add(new FaultReport.Row("partition", "writes acked by the minority: " + minorityAcks
                    + "/" + minorityTries, 0, acked, lost.size(), bad.size(), List.of()));

            assertEquals(0, minorityAcks, "the cut-off member acknowledged writes");
            assertTrue(lost.isEmpty(), "acknowledged writes lost: " + lost);
            assertTrue(bad.isEmpty(), "not linearizable: " + bad);
            for (long ms : majorityRecovery) {
                assertTrue(ms >= 0, "the majority acknowledged no write after a partition: " + majorityRecovery);
            }
        }
    }
}
