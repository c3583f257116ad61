package dev.flotilla.node.engine;

import static org.junit.jupiter.api.Assertions.*;

import dev.flotilla.core.api.KeyNode;
import dev.flotilla.core.client.ClientConfig;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.GetOptions;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.core.client.KeysResult;
import dev.flotilla.node.cluster.Keyspace;
import dev.flotilla.node.cluster.Records;
import dev.flotilla.testsupport.TestStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two engines on a real store: one leads, the schedule it writes survives a leader change untouched. */
class EngineServiceTest {
    @TempDir Path dir;
    TestStore store;
    KeysClient client;

    /** Rules for the test: a unit named conflict-*.service conflicts with its siblings. */
    static final UnitRulesResolver RULES = (name, text) -> name.startsWith("conflict-")
            ? new PlacementRules(null, List.of(), Map.of(), List.of(Glob.compile("conflict-*")), List.of(), false)
            : PlacementRules.NONE;

    @BeforeEach
    void start() throws Exception {
        store = TestStore.start(dir);
        client = KeysClient.create(ClientConfig.builder().endpoints(List.of(store.clientUrl())).build());
    }

    @AfterEach
    void stop() {
        store.close();
    }

    void machine(String id) throws ClientException {
        client.set(Keyspace.machine(id), Records.write(new Records.Machine(id, "127.0.0.1", id, Map.of(), null,
                null, null, null, null)));
    }

    void unit(String name, String desired) throws ClientException {
        client.set(Keyspace.unitFile(name), "[Service]\nExecStart=/bin/true\n");
        client.set(Keyspace.unitDesired(name), desired);
    }

    Map<String, String> schedule() throws ClientException {
        Map<String, String> out = new HashMap<>();
        try {
            KeysResult r = client.get(Keyspace.SCHEDULE, new GetOptions(true, true, false));
            for (KeyNode m : r.node().children()) {
                for (KeyNode u : m.children()) {
                    out.put(Keyspace.last(u.key()), Keyspace.last(m.key()) + ":"
                            + Records.read(u.value(), Records.ScheduleEntry.class).desired());
                }
            }
        } catch (dev.flotilla.core.client.EtcdException e) {
            if (e.errorCode() != 100) throw e;
        }
        return out;
    }

    static void await(String what, BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) fail("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    Map<String, String> scheduleQuietly() {
        try {
            return schedule();
        } catch (ClientException e) {
            return Map.of();
        }
    }

    @Test
    void oneEngineLeadsPlacesUnitsAndALeaderChangeMovesNothing() throws Exception {
        for (String m : List.of("m1", "m2", "m3")) machine(m);
        for (int i = 1; i <= 3; i++) unit("conflict-" + i + ".service", "launched");
        unit("plain.service", "loaded");

        EngineService a = new EngineService(client, "m1", RULES, Duration.ofSeconds(3));
        EngineService b = new EngineService(client, "m2", RULES, Duration.ofSeconds(3));
        a.start();
        await("a to lead", a::isLeader);
        b.start();
        await("all four scheduled", () -> scheduleQuietly().size() == 4);
        Map<String, String> before = schedule();
        assertEquals(3, before.entrySet().stream().filter(e -> e.getKey().startsWith("conflict-"))
                .map(e -> e.getValue().split(":")[0]).distinct().count(), "conflicting units on distinct machines: " + before);
        assertTrue(before.get("plain.service").endsWith(":loaded"), before.toString());
        assertFalse(b.isLeader(), "exactly one engine leads");

        long rev = client.get(Keyspace.SCHEDULE).etcdIndex();
        a.close();
        await("b to take over", b::isLeader);
        // the new leader reacts to changes...
        unit("late.service", "launched");
        await("late unit scheduled", () -> scheduleQuietly().containsKey("late.service"));
        Map<String, String> after = schedule();
        after.remove("late.service");
        // ...and left every earlier decision exactly as it was
        assertEquals(before, after);
        b.close();
    }

    @Test
    void deadMachineUnitsAreRescheduledAndStopIsPropagated() throws Exception {
        for (String m : List.of("m1", "m2")) machine(m);
        unit("web.service", "launched");
        try (EngineService e = new EngineService(client, "m1", RULES, Duration.ofSeconds(3))) {
            e.start();
            await("placed", () -> scheduleQuietly().containsKey("web.service"));
            String on = schedule().get("web.service").split(":")[0];
            client.delete(Keyspace.machine(on), dev.flotilla.core.client.DeleteOptions.DEFAULT);
            String other = on.equals("m1") ? "m2" : "m1";
            await("moved to " + other, () -> (other + ":launched").equals(scheduleQuietly().get("web.service")));
            client.set(Keyspace.unitDesired("web.service"), "loaded");
            await("stopped", () -> (other + ":loaded").equals(scheduleQuietly().get("web.service")));
            client.delete(Keyspace.unit("web.service"), new dev.flotilla.core.client.DeleteOptions(null, 0, true, true));
            await("destroyed", () -> !scheduleQuietly().containsKey("web.service"));
            System.out.println("after destroy: " + schedule());
        }
    }

    @Test
    void aMachineExpiryAppliedLateIsRecognised() {
        String tenSecondsAgo = java.time.OffsetDateTime.now().minusSeconds(10).toString();
        long late = EngineService.expiredLateBy(new dev.flotilla.core.api.KeyNode("/_flotilla/machines/m1", "{}", false,
                null, tenSecondsAgo, 0, 5, 5));
        assertTrue(late > EngineService.LATE_EXPIRY.toNanos(), "10 s late: " + late);
        String now = java.time.OffsetDateTime.now().toString();
        assertTrue(EngineService.expiredLateBy(new dev.flotilla.core.api.KeyNode("/_flotilla/machines/m1", "{}", false,
                null, now, 0, 5, 5)) < EngineService.LATE_EXPIRY.toNanos(), "on time");
        assertEquals(0, EngineService.expiredLateBy(null));
        assertEquals(0, EngineService.expiredLateBy(dev.flotilla.core.api.KeyNode.file("/k", "v", 1, 1)));
    }
}
