package dev.flotilla.node.cli.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.node.cli.CliProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flotilla restart} on a real 3-node cluster of separate processes is rolling: a global unit is restarted
 * machine after machine and never down on two machines at once (a poller on {@code /fleet/v1/state} counts the
 * machines reporting it active throughout the restart); several units are restarted one after another; each
 * restart really starts a new process (each start is recorded); piped output has no progress line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollingRestartIT {
    @TempDir
    static Path dir;
    FleetCluster cluster;

    @BeforeAll
    void cluster() throws Exception {
        cluster = new FleetCluster(dir, List.of("node=n1", "node=n2", "node=n3")).start();
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    CliProcess.Result ok(String... args) throws Exception {
        CliProcess.Result r = cluster.flotilla(args);
        assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.out() + r.err());
        return r;
    }

    /** Machines reporting the unit active (any sub-state), from the fleet API. */
    List<String> active(String unit) {
        List<String> out = new ArrayList<>();
        JsonNode s = cluster.get("/fleet/v1/state?unitName=" + unit);
        if (s == null) {
            return null;
        }
        for (JsonNode st : s.path("states")) {
            if (unit.equals(st.path("name").asText()) && "active".equals(st.path("systemdActiveState").asText())) {
                out.add(st.path("machineID").asText());
            }
        }
        return out;
    }

    @Test
    void globalAndSeveralUnitsRestartOneMachineAtATime() throws Exception {
        Files.writeString(dir.resolve("agent.service"), "[Service]\n" + cluster.sleeper()
                + "ExecStop=/bin/sleep 0.3\n\n[X-Fleet]\nGlobal=true\n");
        Files.writeString(dir.resolve("web@.service"), "[Service]\n" + cluster.sleeper()
                + "ExecStop=/bin/sleep 0.3\n\n[X-Fleet]\nConflicts=web@*.service\n");
        ok("submit", dir.resolve("agent.service").toString(), dir.resolve("web@.service").toString());
        ok("start", "agent.service", "web@1", "web@2", "web@3");
        List<String> units = List.of("agent.service", "web@1.service", "web@2.service", "web@3.service");
        Map<String, List<String>> before = FleetCluster.await("agent on 3 machines and 3 web instances",
                Duration.ofSeconds(60), Duration.ofMillis(300), () -> {
                    Map<String, List<String>> r = cluster.runningStates();
                    return r.getOrDefault("agent.service", List.of()).size() == 3
                            && units.stream().skip(1).allMatch(u -> r.getOrDefault(u, List.of()).size() == 1) ? r
                            : null;
                });
        long agentStarts = cluster.starts("agent.service");
        assertEquals(3, agentStarts);

        // web@1..3 are one service spread over the machines, agent.service runs on all: count how many machines
        // have each down at any moment while the restart runs
        AtomicBoolean polling = new AtomicBoolean(true);
        AtomicInteger minAgents = new AtomicInteger(3);
        AtomicInteger minWebs = new AtomicInteger(3);
        AtomicInteger samples = new AtomicInteger();
        Thread poller = new Thread(() -> {
            while (polling.get()) {
                Map<String, List<String>> r = new java.util.HashMap<>();
                JsonNode s = cluster.get("/fleet/v1/state");
                if (s != null) {
                    for (JsonNode st : s.path("states")) {
                        if ("active".equals(st.path("systemdActiveState").asText())) {
                            r.computeIfAbsent(st.path("name").asText(), k -> new ArrayList<>())
                                    .add(st.path("machineID").asText());
                        }
                    }
                    minAgents.accumulateAndGet(r.getOrDefault("agent.service", List.of()).size(), Math::min);
                    int webs = 0;
                    for (String u : units.subList(1, 4)) {
                        webs += r.getOrDefault(u, List.of()).size();
                    }
                    minWebs.accumulateAndGet(webs, Math::min);
                    samples.incrementAndGet();
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        poller.start();
        long t0 = System.nanoTime();
        CliProcess.Result r;
        try {
            r = ok("restart", "agent", "web@1", "web@2", "web@3");
        } finally {
            polling.set(false);
            poller.join();
        }
        System.out.printf("rolling restart of a global unit on 3 machines and 3 units: %.1f s, %d state samples%n",
                (System.nanoTime() - t0) / 1e9, samples.get());
        List<String> lines = r.out().lines().toList();
        assertEquals(6, lines.size(), r.out());
        TreeSet<String> ids = new TreeSet<>(before.get("agent.service"));
        int i = 0;
        for (String id : ids) {
            assertEquals("Unit agent.service restarted on " + id.substring(0, 8) + ".../127.0.0.1", lines.get(i++),
                    r.out());
        }
        for (int n = 1; n <= 3; n++) {
            String id = before.get("web@" + n + ".service").get(0);
            assertEquals("Unit web@" + n + ".service restarted on " + id.substring(0, 8) + ".../127.0.0.1",
                    lines.get(i++), r.out());
        }
        assertEquals("", r.err(), "no progress line when piped");
        assertEquals(6, cluster.starts("agent.service"), "agent.service started again on each of 3 machines");
        for (String u : units.subList(1, 4)) {
            assertEquals(2, cluster.starts(u), u + " started again once");
        }
        assertTrue(samples.get() > 10, "the poller saw the restart: " + samples.get() + " samples");
        assertEquals(2, minAgents.get(), "agent.service was down on exactly one machine at a time");
        assertEquals(2, minWebs.get(), "one web instance down at a time");
        Map<String, List<String>> after = cluster.runningStates();
        assertEquals(new TreeSet<>(before.get("agent.service")), new TreeSet<>(after.get("agent.service")));

        // --no-block: requested on every machine at once, as the other verbs' --no-block
        CliProcess.Result nb = ok("restart", "--no-block", "agent");
        assertEquals(3, nb.out().lines().filter(l -> l.startsWith("Triggered unit agent.service restart on "))
                .count(), nb.out());
        FleetCluster.await("agent.service started again on all 3 machines", Duration.ofSeconds(60),
                Duration.ofMillis(200), () -> cluster.starts("agent.service") == 9
                        && active("agent.service").size() == 3 ? true : null);
        ok("destroy", "agent", "web@1", "web@2", "web@3", "web@.service");
    }

    @Test
    void aTerminalSeesWhichMachineIsBeingRestarted() throws Exception {
        // script(1) gives the CLI a terminal, as a user's shell does
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")),
                "needs util-linux script for a pseudo-terminal");
        Files.writeString(dir.resolve("term.service"), "[Service]\n" + cluster.sleeper()
                + "\n[X-Fleet]\nGlobal=true\n");
        ok("start", dir.resolve("term.service").toString());
        FleetCluster.await("term.service on 3 machines", Duration.ofSeconds(60), Duration.ofMillis(300),
                () -> cluster.runningStates().getOrDefault("term.service", List.of()).size() == 3 ? true : null);
        String cmd = CliProcess.flotilla() + " --endpoint " + cluster.endpoints + " restart term.service";
        CliProcess.Result r = CliProcess.run(List.of("/usr/bin/script", "-qec", cmd, "/dev/null"), null);
        assertEquals(0, r.exit(), r.out() + r.err());
        for (int n = 1; n <= 3; n++) {
            assertTrue(r.out().contains("restarting term.service on ") && r.out().contains(" (" + n + "/3)..."),
                    "progress for machine " + n + " of 3: " + r.out());
        }
        assertEquals(3, r.out().lines().filter(l -> l.contains("Unit term.service restarted on ")).count(), r.out());
        ok("destroy", "term.service");
    }

    @Test
    void restartOfAUnitThatIsNotLaunchedThereIsRefusedByTheApi() throws Exception {
        Files.writeString(dir.resolve("idle.service"), "[Service]\n" + cluster.sleeper());
        ok("load", dir.resolve("idle.service").toString());
        String machine = cluster.machineId(0);
        var http = FleetCluster.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        cluster.clientUrl(0) + "/flotilla/v1/units/idle.service/restart?machine=" + machine))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertTrue(http.statusCode() == 404 || http.statusCode() == 409, http.statusCode() + " " + http.body());
        assertTrue(http.body().contains("idle.service is not"), http.body());
        ok("destroy", "idle");
    }
}
