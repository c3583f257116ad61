package dev.flotilla.node.fleet;

import dev.flotilla.node.engine.ModelRulesResolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.flotilla.core.api.ClusterEvent;
import dev.flotilla.core.api.Explanation;
import dev.flotilla.core.api.FleetUnitOption;
import dev.flotilla.core.api.MachineInfo;
import dev.flotilla.core.api.PinResult;
import dev.flotilla.core.client.ClientConfig;
import dev.flotilla.core.client.EtcdException;
import dev.flotilla.core.client.FleetApiException;
import dev.flotilla.core.client.FleetClient;
import dev.flotilla.core.client.KeysResult;
import dev.flotilla.node.cluster.Keyspace;
import dev.flotilla.node.cluster.Records;
import dev.flotilla.node.engine.EngineService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Flotilla's API extensions with the real engine placing units on a real in-process node. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlotillaApiHandlerTest {
    @TempDir
    static Path dir;
    NodeFixture node;
    FleetClient fleet;
    EngineService engine;

    @BeforeAll
    void start() throws Exception {
        node = NodeFixture.start(dir, 100);
        fleet = FleetClient.create(ClientConfig.builder().endpoint(node.url).build());
    }

    @AfterAll
    void stop() {
        node.close();
    }

    @BeforeEach
    void cluster() throws Exception {
        try {
            node.keys.delete(Keyspace.ROOT, new dev.flotilla.core.client.DeleteOptions(null, 0, true, true));
        } catch (EtcdException e) {
            // empty store
        }
        node.machine("m1", "10.0.0.1", Map.of("region", "eu"));
        node.machine("m2", "10.0.0.2", Map.of("region", "eu"));
        node.machine("m3", "10.0.0.3", Map.of("region", "us"));
        engine = new EngineService(node.keys, "m1", new ModelRulesResolver(), Duration.ofSeconds(5));
        engine.start();
        await("engine lease", engine::isLeader);
    }

    @AfterEach
    void stopEngine() {
        engine.close();
    }

    static void await(String what, Callable<Boolean> cond) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Boolean.TRUE.equals(cond.call())) {
            if (System.nanoTime() > end) fail("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    static List<FleetUnitOption> service(String... xfleet) {
        List<FleetUnitOption> o = new ArrayList<>(List.of(new FleetUnitOption("ExecStart", "Service", "/bin/true")));
        for (String kv : xfleet) {
            int eq = kv.indexOf('=');
            o.add(new FleetUnitOption(kv.substring(0, eq), "X-Fleet", kv.substring(eq + 1)));
        }
        return o;
    }

    String placed(String unit) throws Exception {
        return fleet.unit(unit).orElseThrow().machineID();
    }

    @Test
    void machinesCarryRecordsUnitCountsAndTheEngineLeader() throws Exception {
        fleet.submit("a.service", service(), "launched", false);
        await("placed", () -> placed("a.service") != null);
        // the placement record and the schedule entry are separate writes: wait until the count shows it too
        await("counted", () -> fleet.machineInfos().stream().mapToInt(MachineInfo::units).sum() == 1);
        List<MachineInfo> ms = fleet.machineInfos();
        assertEquals(List.of("m1", "m2", "m3"), ms.stream().map(MachineInfo::id).toList());
        assertEquals(List.of(true, false, false), ms.stream().map(MachineInfo::engineLeader).toList());
        assertEquals(1, ms.stream().mapToInt(MachineInfo::units).sum());
        assertEquals("http://10.0.0.3:2379", ms.get(2).clientURL());
        assertEquals(Map.of("region", "us"), ms.get(2).metadata());
    }

    @Test
    void explainNamesTheRuleThatExcludesEachMachine() throws Exception {
        fleet.submit("nginx@.service", service("Conflicts=nginx@*.service", "MachineMetadata=region=eu"), null, false);
        fleet.setDesired("nginx@1.service", "launched");
        await("nginx@1 placed", () -> placed("nginx@1.service") != null);
        fleet.submit("nginx@2.service", fleet.unit("nginx@.service").orElseThrow().options(), "inactive", false);
        String first = placed("nginx@1.service");
        String other = first.equals("m1") ? "m2" : "m1";
        Explanation e = fleet.explain("nginx@2.service");
        assertEquals(other, e.chosenMachine());
        assertNull(e.reason());
        Map<String, Explanation.Verdict> by = new java.util.HashMap<>();
        e.machines().forEach(v -> by.put(v.machineID(), v));
        assertTrue(by.get(other).eligible());
        assertEquals("Conflicts=nginx@*.service: machine runs nginx@1.service", by.get(first).reason());
        assertEquals("MachineMetadata: needs region=eu, machine has region=us", by.get("m3").reason());
        assertEquals(other, e.machines().get(0).machineID(), "eligible machines come first");
        FleetApiException missing = assertThrows(FleetApiException.class, () -> fleet.explain("none.service"));
        assertEquals(404, missing.status());
    }

    @Test
    void aFileNotSubmittedIsExplainedWithoutWritingAnything() throws Exception {
        fleet.submit("web.service", service("MachineMetadata=region=eu"), "launched", false);
        await("web placed", () -> placed("web.service") != null);
        String web = placed("web.service");
        String file = "[Service]\nExecStart=/bin/true\n\n[X-Fleet]\nConflicts=web.service\n"
                + "MachineMetadata=region=eu\n";
        Explanation e = fleet.explainFile("api.service", file);
        String otherEu = web.equals("m1") ? "m2" : "m1";
        assertEquals(otherEu, e.chosenMachine());
        assertEquals(List.of(), e.currentMachines());
        Map<String, Explanation.Verdict> by = new java.util.HashMap<>();
        e.machines().forEach(v -> by.put(v.machineID(), v));
        assertEquals("Conflicts=web.service: machine runs web.service", by.get(web).reason());
        assertEquals("MachineMetadata: needs region=eu, machine has region=us", by.get("m3").reason());
        assertTrue(fleet.unit("api.service").isEmpty(), "explaining a file submits nothing");

        // a new version of a submitted unit is explained in its place: now only m3 would do
        Explanation moved = fleet.explainFile("web.service",
                "[Service]\nExecStart=/bin/true\n[X-Fleet]\nMachineMetadata=region=us\n");
        assertEquals("m3", moved.chosenMachine());
        assertEquals(List.of(web), moved.currentMachines());
        assertEquals(web, placed("web.service"), "the submitted unit stays where it runs");

        FleetApiException bad = assertThrows(FleetApiException.class,
                () -> fleet.explainFile("bad.service", "[Service]\nExecStart=/bin/true\n[X-Fleet]\nGlobal=true\n"
                        + "MachineID=abc\n"));
        assertEquals(400, bad.status());
        assertTrue(bad.getMessage().contains("bad.service:"), bad.getMessage());
    }

    @Test
    void aPinTheRulesForbidIsRefusedAtOnceAndChangesNothing() throws Exception {
        fleet.submit("eu.service", service("MachineMetadata=region=eu"), "launched", false);
        await("placed", () -> placed("eu.service") != null);
        FleetApiException e = assertThrows(FleetApiException.class, () -> fleet.pin("eu.service", "m3"));
        assertEquals(409, e.status());
        assertEquals("cannot place eu.service on m3: MachineMetadata: needs region=eu, machine has region=us",
                e.serverMessage());
        assertThrows(EtcdException.class, () -> node.keys.get(Keyspace.unitPin("eu.service")));
        FleetApiException noMachine = assertThrows(FleetApiException.class, () -> fleet.pin("eu.service", "m9"));
        assertEquals(404, noMachine.status());
    }

    @Test
    void anAllowedPinMovesTheUnitAndTheReplyWaitsForIt() throws Exception {
        fleet.submit("web.service", service(), "launched", false);
        await("placed", () -> placed("web.service") != null);
        String from = placed("web.service");
        String to = from.equals("m3") ? "m2" : "m3";
        PinResult r = fleet.pin("web.service", to);
        assertTrue(r.placed(), r.toString());
        assertEquals(to, placed("web.service"), "moved when the reply came");
        assertEquals(to, node.keys.get(Keyspace.unitPin("web.service")).node().value());
        assertTrue(fleet.pin("web.service", to).placed(), "pinning where it runs answers at once");
        assertTrue(fleet.unpin("web.service"));
        assertFalse(fleet.unpin("web.service"));
    }

    @Test
    void aRestartOnOneMachineTokensThatMachinesEntryOnlyAndWaitsForANewStart() throws Exception {
        fleet.submit("web.service", service(), "launched", false);
        fleet.submit("idle.service", service(), "loaded", false);
        await("placed", () -> placed("web.service") != null && placed("idle.service") != null);
        String on = placed("web.service");
        String other = on.equals("m1") ? "m2" : "m1";
        FleetApiException notThere = assertThrows(FleetApiException.class,
                () -> fleet.restartOn("web.service", other, 1));
        assertEquals(404, notThere.status(), notThere.getMessage());
        FleetApiException loaded = assertThrows(FleetApiException.class,
                () -> fleet.restartOn("idle.service", placed("idle.service"), 1));
        assertEquals(409, loaded.status(), loaded.getMessage());
        assertTrue(loaded.getMessage().contains("idle.service is not launched"), loaded.getMessage());

        // no agent here: the machine's state is written by hand, as its agent would
        String stateKey = Keyspace.state("web.service", on);
        node.keys.set(stateKey, Records.write(new Records.UnitState("web.service", on, "h", "loaded", "active",
                "running", null, 1000L)));
        String entryKey = Keyspace.schedule(on, "web.service");
        Records.ScheduleEntry before = Records.read(node.keys.get(entryKey).node().value(),
                Records.ScheduleEntry.class);
        assertFalse(fleet.restartOn("web.service", on, 0.3), "no new start within the wait: 202");
        Records.ScheduleEntry asked = Records.read(node.keys.get(entryKey).node().value(), Records.ScheduleEntry.class);
        assertEquals(before.desired(), asked.desired());
        assertEquals(before.hash(), asked.hash());
        assertTrue(asked.restart() != null && !asked.restart().isEmpty(), asked.toString());

        var reply = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return fleet.restartOn("web.service", on, 10);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        await("a second token", () -> !asked.restart().equals(Records.read(node.keys.get(entryKey).node().value(),
                Records.ScheduleEntry.class).restart()));
        Thread.sleep(200);
        assertFalse(reply.isDone(), "the reply waits for the machine to report a new start");
        node.keys.set(stateKey, Records.write(new Records.UnitState("web.service", on, "h", "loaded", "active",
                "running", null, 2000L)));
        assertTrue(reply.get(10, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void theEngineRefusesAPinItCannotHonourAndSaysSoUnderThePinsIndex() throws Exception {
        fleet.submit("eu.service", service("MachineMetadata=region=eu"), "launched", false);
        await("placed", () -> placed("eu.service") != null);
        // a pin written behind the API's back (or racing a metadata change): only the engine can refuse it
        KeysResult w = node.keys.set(Keyspace.unitPin("eu.service"), "m3");
        await("refusal", () -> {
            try {
                return node.keys.get(Keyspace.unitPinRefused("eu.service")).node().value() != null;
            } catch (EtcdException e) {
                return false;
            }
        });
        Records.PinRefusal p = Records.read(node.keys.get(Keyspace.unitPinRefused("eu.service")).node().value(),
                Records.PinRefusal.class);
        assertEquals(w.node().modifiedIndex(), p.pinIndex());
        assertEquals("m3", p.machineID());
        assertTrue(p.reason().contains("MachineMetadata"), p.reason());
        await("pin taken back", () -> {
            try {
                node.keys.get(Keyspace.unitPin("eu.service"));
                return false;
            } catch (EtcdException e) {
                return true;
            }
        });
        assertNotEquals("m3", placed("eu.service"));
    }

    @Test
    void eventsStreamEveryChangeAndResumeFromLastEventId() throws Exception {
        long helloIndex;
        List<ClusterEvent> seen = new ArrayList<>();
        try (FleetClient.EventSubscription sub = fleet.events(-1)) {
            ClusterEvent hello = sub.next();
            assertEquals("hello", hello.type());
            helloIndex = hello.index();
            fleet.submit("ev.service", service(), "launched", false);
            while (seen.stream().noneMatch(e -> e.type().equals("schedule") && "ev.service".equals(e.unit()))) {
                seen.add(sub.next());
            }
        }
        ClusterEvent file = seen.stream().filter(e -> "file".equals(e.field())).findFirst().orElseThrow();
        assertEquals("unit", file.type());
        assertEquals("ev.service", file.unit());
        assertTrue(file.value().contains("ExecStart=/bin/true"));
        assertTrue(seen.stream().anyMatch(e -> "desired".equals(e.field()) && "launched".equals(e.value())));
        // a client that saw only the hello resumes and gets the same changes again, in the same order
        List<ClusterEvent> again = new ArrayList<>();
        try (FleetClient.EventSubscription sub = fleet.events(helloIndex)) {
            while (again.size() < seen.size()) again.add(sub.next());
        }
        assertEquals(seen, again);
        NodeFixture.Reply bad = node.send("GET", "/flotilla/v1/events?after=x", null);
        assertEquals(400, bad.status());
    }

    @Test
    void theRulesResolverSubstitutesTheUnitsOwnName() {
        var rules = new ModelRulesResolver().rules("web@2.service",
                "[Service]\nExecStart=/bin/true\n[X-Fleet]\nConflicts=%p@*.service\nMachineOf=db@%i.service\n"
                        + "MachineMetadata=\"region=eu\" \"disk=ssd\"\nMachineMetadata=region=us\n");
        assertEquals("web@*.service", rules.conflicts().get(0).toString());
        assertTrue(rules.conflicts().get(0).matches("web@7.service"));
        assertEquals(List.of("db@2.service"), rules.machineOf());
        assertEquals(Map.of("region", java.util.Set.of("eu", "us"), "disk", java.util.Set.of("ssd")),
                rules.metadata());
        assertFalse(rules.global());
        assertTrue(new ModelRulesResolver().rules("g.service", "[X-Fleet]\nGlobal=yes\n").global());
    }
}
