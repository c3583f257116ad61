package dev.flotilla.node.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.node.server.LocalCluster;
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
 * Restart of all nodes at once with units running (process execution, not Docker): kill -9 of the three whole
 * nodes (store, agent, engine) at the same moment, then all restarted on their data dirs. The store and the unit
 * placement must come back, and a unit that was running keeps running or is restarted once: its ExecStart
 * appends a line to a file on every start, so each unit has at most two lines in the end.
 */
class UnitRestartIT {
    static final List<String> UNITS = List.of("keep-1.service", "keep-2.service", "keep-3.service",
            "keep-4.service");

    @Test
    void killAllNodesRestartAllUnitsComeBackStartedAtMostTwice(@TempDir Path dir) throws Exception {
        String marker = "flotilla-unitrestart-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path starts = dir.resolve("starts.txt");
        Files.createFile(starts);
        try (LocalCluster c = new LocalCluster(3, dir, false)) {
            c.startAll();
            c.awaitLeader(Duration.ofSeconds(90));
            for (String u : UNITS) {
                String text = "[Service]\nExecStart=/bin/sh -c 'echo %n >> " + starts + "; while true; do echo \"%n "
                        + marker + "\"; sleep 1; done'\n";
                LocalCluster.Resp r = c.put(0, "/_flotilla/units/" + u + "/file", text);
                assertNotNull(r, "unit submit answered");
                assertEquals(201, r.status(), r.body());
                assertEquals(201, c.put(0, "/_flotilla/units/" + u + "/desired", "launched").status());
            }
            Map<String, String> before = awaitAllRunning(c, Duration.ofSeconds(90));
            LocalCluster.Resp put = c.put(0, "/faults/unit-restart", marker);
            assertNotNull(put, "store write answered");
            assertEquals(201, put.status(), put.body());
            Thread.sleep(3000);

            long killedAt = System.nanoTime();
            c.killAll();
            Thread.sleep(2000);
            c.startAll();
            c.awaitLeader(Duration.ofSeconds(90));
            Map<String, String> after = awaitAllRunning(c, Duration.ofSeconds(120));
            long recoveredMs = (System.nanoTime() - killedAt) / 1_000_000;
            // time for a late second start or a duplicate to show
            Thread.sleep(15_000);
            Map<String, String> settled = awaitAllRunning(c, Duration.ofSeconds(30));

            int storeBack = 0;
            for (int n = 0; n < c.size; n++) {
                LocalCluster.Resp r = c.get(n, "/v2/keys/faults/unit-restart?quorum=true");
                if (r != null && r.status() == 200 && r.body().contains(marker)) {
                    storeBack++;
                }
            }
            Map<String, Integer> startCount = new HashMap<>();
            for (String line : Files.readAllLines(starts)) {
                startCount.merge(line.trim(), 1, Integer::sum);
            }
            List<String> moved = new ArrayList<>();
            List<String> tooMany = new ArrayList<>();
            for (String u : UNITS) {
                if (!before.get(u).equals(settled.get(u))) {
                    moved.add(u + " " + before.get(u) + " -> " + settled.get(u));
                }
                if (startCount.getOrDefault(u, 0) > 2) {
                    tooMany.add(u + " started " + startCount.get(u) + " times");
                }
            }
            long running = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().orElse("").contains(marker)).count();
            System.out.println("units before: " + before + "\nafter restart: " + after + "\nsettled: " + settled
                    + "\nstarts: " + startCount + "\nunit processes with the marker: " + running
                    + "\nstore key back on: " + storeBack);
            FaultReport.add(new FaultReport.Row("unit-restart", "kill -9 all: " + UNITS.size() + " units, " + moved.size()
                    + " moved, " + tooMany.size() + " >2 starts", 1, UNITS.size(),
                    UNITS.size() - settled.size(), 0, List.of(recoveredMs)));

            assertEquals(3, storeBack, "the key written before the kill is back on every node");
            assertEquals(UNITS.size(), settled.size(), "every unit runs again: " + settled);
            assertTrue(moved.isEmpty(), "placement changed: " + moved);
            assertTrue(tooMany.isEmpty(), "units started more than once + one restart: " + tooMany + " " + startCount);
            for (String u : UNITS) {
                assertTrue(startCount.getOrDefault(u, 0) >= 1, u + " never started: " + startCount);
            }
        } finally {
            // a node killed with -9 leaves its units running (a restarted node re-adopts them): end ours by pid
            ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(marker))
                    .forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** unit → machine running it, once every unit runs on exactly one machine (states read through node 0..2). */
    private static Map<String, String> awaitAllRunning(LocalCluster c, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        Map<String, String> last = Map.of();
        while (System.nanoTime() < end) {
            for (int n = 0; n < c.size; n++) {
                Map<String, String> m = running(c, n);
                last = m;
                if (m.keySet().containsAll(UNITS)) {
                    return m;
                }
            }
            Thread.sleep(500);
        }
        LocalCluster.Resp states = c.get(0, "/v2/keys/_flotilla/state?recursive=true");
        StringBuilder logs = new StringBuilder();
        for (int n = 0; n < c.size; n++) {
            logs.append("\n--- ").append(c.name(n)).append('\n').append(c.logTail(n));
        }
        throw new AssertionError("not every unit runs within " + timeout + ": " + last + "\nstates: "
                + (states == null ? "-" : states.body()) + logs);
    }

    private static Map<String, String> running(LocalCluster c, int node) {
        Map<String, String> out = new HashMap<>();
        LocalCluster.Resp r = c.get(node, "/v2/keys/_flotilla/state?recursive=true&quorum=true");
        if (r == null || r.status() != 200) {
            return out;
        }
        try {
            for (JsonNode unit : Workload.JSON.readTree(r.body()).path("node").path("nodes")) {
                for (JsonNode m : unit.path("nodes")) {
                    JsonNode st = Workload.JSON.readTree(m.path("value").asText());
                    if ("active".equals(st.path("active").asText()) && "running".equals(st.path("sub").asText())) {
                        String prev = out.put(st.path("name").asText(), st.path("machineID").asText());
                        if (prev != null && !prev.equals(st.path("machineID").asText())) {
                            out.put(st.path("name").asText(), "TWICE:" + prev + "," + st.path("machineID").asText());
                        }
                    }
                }
            }
        } catch (java.io.IOException e) {
            return new HashMap<>();
        }
        return out;
    }
}
