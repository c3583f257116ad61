package dev.flotilla.node.cli.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.flotilla.node.cli.CliProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Machine failure on a real 3-node cluster of separate processes: kill -9 of a node that does NOT lead the engine
 * (SchedulerClusterTest kills the engine leader's) moves its units to the other machines; the time from the kill
 * until they run elsewhere is printed (goal: under 15 s; the wait allows 60 s for a loaded machine, not a timed
 * assert). The killed node
 * is started again and stops the units it still ran (nothing runs twice); then the engine leader's node is killed
 * and nothing on the surviving machines is started again: each unit records every start (its PID) in a file.
 */
class FailoverIT {
    @TempDir
    Path dir;

    @Test
    void killedMachinesUnitsMoveAndSurvivorsAreNotRestarted() throws Exception {
        try (FleetCluster cluster = new FleetCluster(dir, List.of("node=n1", "node=n2", "node=n3")).start()) {
            Files.writeString(dir.resolve("job@.service"), "[Service]\n" + cluster.sleeper());
            CliProcess.Result submit = cluster.flotilla("submit", dir.resolve("job@.service").toString());
            assertEquals(0, submit.exit(), submit.err());
            List<String> units = new ArrayList<>();
            List<String> start = new ArrayList<>(List.of("start"));
            for (int i = 1; i <= 6; i++) {
                units.add("job@" + i + ".service");
                start.add("job@" + i);
            }
            CliProcess.Result started = cluster.flotilla(start.toArray(String[]::new));
            assertEquals(0, started.exit(), started.out() + started.err());
            Map<String, List<String>> before = FleetCluster.await("6 jobs running", Duration.ofSeconds(60),
                    Duration.ofMillis(300), () -> {
                        Map<String, List<String>> r = cluster.runningStates();
                        return units.stream().allMatch(u -> r.getOrDefault(u, List.of()).size() == 1) ? r : null;
                    });

            // 1. kill -9 a machine that runs units but does not lead the engine
            String leader = cluster.engineLeader();
            assertNotNull(leader, "an engine leader");
            String victim = null;
            for (int i = 0; i < 3 && victim == null; i++) {
                String m = cluster.machineId(i);
                if (!m.equals(leader) && units.stream().anyMatch(u -> before.get(u).contains(m))) {
                    victim = m;
                }
            }
            assertNotNull(victim, "a non-leader machine running units: " + before);
            int victimNode = cluster.node(victim);
            List<String> moved = new ArrayList<>();
            Map<String, Long> startsBefore = new HashMap<>();
            for (String u : units) {
                startsBefore.put(u, cluster.starts(u));
                if (before.get(u).contains(victim)) {
                    moved.add(u);
                }
            }
            List<Long> orphans = new ArrayList<>();
            for (String u : moved) {
                orphans.add(cluster.pids(u).get(cluster.pids(u).size() - 1));
            }
            String deadMachine = victim;
            long killedAt = System.nanoTime();
            cluster.kill(victimNode);
            Map<String, List<String>> after = FleetCluster.await("the killed machine's units running elsewhere",
                    Duration.ofSeconds(60), Duration.ofMillis(100), () -> {
                        Map<String, List<String>> r = cluster.runningStates();
                        return moved.stream().allMatch(u -> r.getOrDefault(u, List.of()).stream()
                                .anyMatch(m -> !m.equals(deadMachine))) ? r : null;
                    });
            double seconds = (System.nanoTime() - killedAt) / 1e9;
            System.out.printf("failover: %s running elsewhere %.1f s after kill -9 of a non-leader machine "
                    + "(goal < 15 s)%n", moved, seconds);
            for (String u : units) {
                if (!moved.contains(u)) {
                    assertEquals(before.get(u), after.get(u), u + " stayed where it was");
                    assertEquals(startsBefore.get(u), cluster.starts(u), u + " was not started again");
                } else {
                    assertEquals(startsBefore.get(u) + 1, cluster.starts(u), u + " started once more, elsewhere");
                }
            }
            // what a user sees: list-units shows every job on a live machine, none on the dead one
            Map<String, List<String>> listed = FleetCluster.await("list-units without the dead machine",
                    Duration.ofSeconds(60), Duration.ofMillis(500), () -> {
                        Map<String, List<String>> r = cluster.runningUnits();
                        return units.stream().allMatch(u -> r.getOrDefault(u, List.of()).size() == 1
                                && !r.get(u).contains(deadMachine)) ? r : null;
                    });
            assertEquals(6, listed.keySet().stream().filter(units::contains).count());

            // 2. the killed node comes back: it finds an empty schedule and stops what it still ran
            cluster.start(victimNode);
            cluster.awaitMachines(3, Duration.ofSeconds(90));
            for (long pid : orphans) {
                FleetCluster.await("the returning machine stops its old process " + pid, Duration.ofSeconds(60),
                        Duration.ofMillis(200),
                        () -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? null : true);
            }

            // 3. kill -9 the engine leader's node: nothing on the surviving machines starts again
            Map<String, List<String>> now = cluster.runningStates();
            String leader2 = cluster.engineLeader();
            int leaderNode = cluster.node(leader2);
            Map<String, Long> starts2 = new HashMap<>();
            List<String> leaderUnits = new ArrayList<>();
            for (String u : units) {
                starts2.put(u, cluster.starts(u));
                if (now.get(u).contains(leader2)) {
                    leaderUnits.add(u);
                }
            }
            long killed2 = System.nanoTime();
            cluster.kill(leaderNode);
            Map<String, List<String>> after2 = FleetCluster.await("the engine leader's units running elsewhere",
                    Duration.ofSeconds(60), Duration.ofMillis(100), () -> {
                        Map<String, List<String>> r = cluster.runningStates();
                        return units.stream().allMatch(u -> r.getOrDefault(u, List.of()).stream()
                                .anyMatch(m -> !m.equals(leader2))) ? r : null;
                    });
            System.out.printf("failover: %s running elsewhere %.1f s after kill -9 of the engine leader's machine%n",
                    leaderUnits, (System.nanoTime() - killed2) / 1e9);
            for (String u : units) {
                if (leaderUnits.contains(u)) {
                    assertEquals(starts2.get(u) + 1, cluster.starts(u), u + " started once more, elsewhere");
                } else {
                    assertEquals(now.get(u), after2.get(u), u + " stayed where it was");
                    assertEquals(starts2.get(u), cluster.starts(u), u + " on a surviving machine was not restarted");
                }
            }
            String newLeader = FleetCluster.await("a new engine leader", Duration.ofSeconds(60),
                    Duration.ofMillis(200), () -> {
                        String l = cluster.engineLeader();
                        return l == null || l.equals(leader2) ? null : l;
                    });
            assertNotEquals(leader2, newLeader);
        }
    }
}
