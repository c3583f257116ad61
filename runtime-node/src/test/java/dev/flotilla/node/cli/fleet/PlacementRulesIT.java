package dev.flotilla.node.cli.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.node.cli.CliProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The [X-Fleet] placement rules on a real 3-node cluster of separate processes whose machines differ in metadata,
 * checked as a user sees them: the MACHINE column of {@code flotilla list-units --full}. Every unit is a plain
 * process ({@code /bin/sleep}). {@code Global=true} alone and two {@code Conflicts=} instances are covered by
 * SchedulerClusterTest and FleetWalkthroughIT; here Global is combined with metadata, and Conflicts fills every
 * machine and leaves the next instance unplaced.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlacementRulesIT {
    @TempDir
    static Path dir;
    FleetCluster cluster;
    String east1;
    String west;
    String east3;

    @BeforeAll
    void cluster() throws Exception {
        cluster = new FleetCluster(dir, List.of("region=us-east,disk=ssd,rack=r1", "region=us-west,disk=ssd,rack=r2",
                "region=us-east,disk=hdd,rack=r3")).start();
        east1 = cluster.machineId(0);
        west = cluster.machineId(1);
        east3 = cluster.machineId(2);
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

    Path unit(String name, String xfleet) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "[Unit]\nDescription=" + name + "\n\n[Service]\n" + cluster.sleeper()
                + "\n[X-Fleet]\n" + xfleet);
        return p;
    }

    /** Waits until list-units shows exactly these machines for these units; fails showing what it shows. */
    Map<String, Set<String>> awaitPlacement(Map<String, Set<String>> expected) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, Set<String>> seen;
        while (true) {
            Map<String, List<String>> running = cluster.runningUnits();
            seen = new TreeMap<>();
            for (String u : expected.keySet()) {
                seen.put(u, new TreeSet<>(running.getOrDefault(u, List.of())));
            }
            if (seen.equals(new TreeMap<>(expected)) || System.nanoTime() > end) {
                break;
            }
            Thread.sleep(500);
        }
        assertEquals(names(new TreeMap<>(expected)), names(seen), "list-units MACHINE column");
        return seen;
    }

    /** Machine IDs shown as n1/n2/n3 in failure messages. */
    Map<String, Set<String>> names(Map<String, Set<String>> m) throws Exception {
        Map<String, Set<String>> out = new TreeMap<>();
        for (var e : m.entrySet()) {
            Set<String> n = new TreeSet<>();
            for (String id : e.getValue()) {
                n.add(cluster.name(cluster.node(id)));
            }
            out.put(e.getKey(), n);
        }
        return out;
    }

    @Test
    void machineMetadataAndsDifferentKeysAndOrsTheSameKey() throws Exception {
        // global units show every machine the rules allow, so a wrong AND/OR shows as a wrong set of machines
        unit("and.service", "Global=true\nMachineMetadata=region=us-east\nMachineMetadata=disk=ssd\n");
        unit("and-line.service", "Global=true\nMachineMetadata=\"region=us-east\" \"disk=hdd\"\n"); // one line
        unit("or.service", "Global=true\nMachineMetadata=rack=r1\nMachineMetadata=rack=r2\n");
        unit("and-or.service", "Global=true\nMachineMetadata=region=us-east\nMachineMetadata=disk=ssd\n"
                + "MachineMetadata=disk=hdd\n");
        // non-global: one machine of the allowed ones
        unit("west-ssd.service", "MachineMetadata=region=us-west\nMachineMetadata=disk=ssd\n");
        unit("east-hdd.service", "MachineMetadata=region=us-east\nMachineMetadata=disk=hdd\n");
        Files.writeString(dir.resolve("r1-or-r3@.service"), "[Service]\n" + cluster.sleeper()
                + "\n[X-Fleet]\nMachineMetadata=rack=r1\nMachineMetadata=rack=r3\n");
        List<String> all = List.of("and.service", "and-line.service", "or.service", "and-or.service",
                "west-ssd.service", "east-hdd.service");
        List<String> files = new ArrayList<>();
        for (String u : all) {
            files.add(dir.resolve(u).toString());
        }
        ok("submit", dir.resolve("r1-or-r3@.service").toString());
        List<String> start = new ArrayList<>(List.of("start"));
        start.addAll(files);
        start.addAll(List.of("r1-or-r3@1", "r1-or-r3@2", "r1-or-r3@3", "r1-or-r3@4"));
        ok(start.toArray(String[]::new));

        awaitPlacement(Map.of(
                "and.service", Set.of(east1),
                "and-line.service", Set.of(east3),
                "or.service", Set.of(east1, west),
                "and-or.service", Set.of(east1, east3),
                "west-ssd.service", Set.of(west),
                "east-hdd.service", Set.of(east3)));
        // four OR instances, balanced by load, must still all stay on r1 or r3 (never r2)
        Map<String, List<String>> running = FleetCluster.await("4 r1-or-r3 instances running",
                Duration.ofSeconds(60), Duration.ofMillis(500), () -> {
                    Map<String, List<String>> r = cluster.runningUnits();
                    return r.keySet().stream().filter(u -> u.startsWith("r1-or-r3@")).count() == 4 ? r : null;
                });
        Set<String> used = new TreeSet<>();
        for (int i = 1; i <= 4; i++) {
            List<String> on = running.get("r1-or-r3@" + i + ".service");
            assertEquals(1, on.size(), "r1-or-r3@" + i + " runs once: " + on);
            assertNotEquals(west, on.get(0), "r1-or-r3@" + i + " is on rack r2 (n2)");
            used.add(on.get(0));
        }
        assertEquals(Set.of(east1, east3), used, "4 instances spread by load over the two allowed machines");
        List<String> destroy = new ArrayList<>(List.of("destroy"));
        destroy.addAll(all);
        destroy.addAll(List.of("r1-or-r3@1", "r1-or-r3@2", "r1-or-r3@3", "r1-or-r3@4", "r1-or-r3@.service"));
        ok(destroy.toArray(String[]::new));
    }

    @Test
    void machineOfPlacesEveryFollowerWithItsTarget() throws Exception {
        Path anchor = unit("anchor.service", "");
        ok("start", anchor.toString());
        String target = FleetCluster.await("anchor running", Duration.ofSeconds(60), Duration.ofMillis(500),
                () -> cluster.runningUnits().getOrDefault("anchor.service", List.of()).stream().findFirst()
                        .orElse(null));
        // three followers: spread by load they would use all three machines, MachineOf keeps them together
        Files.writeString(dir.resolve("side@.service"), "[Service]\n" + cluster.sleeper()
                + "\n[X-Fleet]\nMachineOf=anchor.service\n");
        ok("submit", dir.resolve("side@.service").toString());
        ok("start", "side@1", "side@2", "side@3");
        awaitPlacement(Map.of("anchor.service", Set.of(target), "side@1.service", Set.of(target),
                "side@2.service", Set.of(target), "side@3.service", Set.of(target)));
        ok("destroy", "side@1", "side@2", "side@3", "side@.service", "anchor.service");
    }

    @Test
    void machineIdPlacesOnTheNamedMachine() throws Exception {
        // two units naming n2: load balancing alone would put them on different machines
        Files.writeString(dir.resolve("mid@.service"), "[Service]\n" + cluster.sleeper()
                + "\n[X-Fleet]\nMachineID=" + west + "\n");
        ok("submit", dir.resolve("mid@.service").toString());
        ok("start", "mid@1", "mid@2");
        awaitPlacement(Map.of("mid@1.service", Set.of(west), "mid@2.service", Set.of(west)));
        ok("destroy", "mid@1", "mid@2", "mid@.service");
    }

    @Test
    void replacesEvictsTheReplacedUnitFromItsMachine() throws Exception {
        Path old = unit("old.service", "");
        ok("start", old.toString());
        String x = FleetCluster.await("old running", Duration.ofSeconds(60), Duration.ofMillis(500),
                () -> cluster.runningUnits().getOrDefault("old.service", List.of()).stream().findFirst()
                        .orElse(null));
        long firstPid = cluster.pids("old.service").get(0);
        // fleet: the replacing unit takes the machine, the replaced one is moved to another machine (MachineID
        // cannot be combined with Replaces, so the machine is chosen by its rack)
        Path repl = unit("new.service", "MachineMetadata=rack=r" + (cluster.node(x) + 1) + "\nReplaces=old.service\n");
        ok("start", repl.toString());
        Map<String, List<String>> after = FleetCluster.await("new on old's machine and old elsewhere",
                Duration.ofSeconds(60), Duration.ofMillis(500), () -> {
                    Map<String, List<String>> r = cluster.runningUnits();
                    List<String> o = r.getOrDefault("old.service", List.of());
                    return r.getOrDefault("new.service", List.of()).equals(List.of(x)) && o.size() == 1
                            && !o.get(0).equals(x) ? r : null;
                });
        assertNotEquals(x, after.get("old.service").get(0));
        FleetCluster.await("old.service's first process (on the replaced machine) stopped", Duration.ofSeconds(15),
                Duration.ofMillis(200), () -> ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false)
                        ? null : true);
        assertEquals(2, cluster.starts("old.service"), "old.service started once more, elsewhere");
        ok("destroy", "new.service", "old.service");
    }

    @Test
    void conflictingInstancesTakeOneMachineEachAndTheFourthWaits() throws Exception {
        Files.writeString(dir.resolve("web@.service"), "[Service]\n" + cluster.sleeper()
                + "\n[X-Fleet]\nConflicts=web@*.service\n");
        ok("submit", dir.resolve("web@.service").toString());
        ok("start", "web@1", "web@2", "web@3");
        Map<String, List<String>> running = FleetCluster.await("3 web instances running", Duration.ofSeconds(60),
                Duration.ofMillis(500), () -> {
                    Map<String, List<String>> r = cluster.runningUnits();
                    return r.keySet().stream().filter(u -> u.startsWith("web@")).count() == 3 ? r : null;
                });
        Set<String> machines = new TreeSet<>();
        for (int i = 1; i <= 3; i++) {
            machines.addAll(running.get("web@" + i + ".service"));
        }
        assertEquals(Set.of(east1, west, east3), machines, "one instance per machine: " + running);
        ok("start", "--no-block", "web@4");
        CliProcess.Result explain = ok("explain", "web@4");
        assertTrue(explain.out().startsWith("Unit web@4.service is not placed\nIt cannot be placed: "
                + "no eligible machine: Conflicts=web@*.service: machine runs web@"), explain.out());
        Thread.sleep(2000); // give a wrong placement time to show
        assertFalse(cluster.runningUnits().containsKey("web@4.service"), "web@4 runs nowhere");
        ok("destroy", "web@1", "web@2", "web@3", "web@4", "web@.service");
    }
}
