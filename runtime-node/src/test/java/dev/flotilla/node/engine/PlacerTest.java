package dev.flotilla.node.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlacerTest {
    ClusterModel model;
    Placer placer;

    @BeforeEach
    void cluster() {
        model = new ClusterModel();
        placer = new Placer(model);
        model.putMachine(new MachineView("m1", Map.of("region", "us-east", "disk", "ssd")));
        model.putMachine(new MachineView("m2", Map.of("region", "us-west", "disk", "ssd")));
        model.putMachine(new MachineView("m3", Map.of("region", "eu", "disk", "hdd")));
    }

    static PlacementRules rules(String machineId, List<String> machineOf, Map<String, Set<String>> md,
                                List<String> conflicts, List<String> replaces, boolean global) {
        return new PlacementRules(machineId, machineOf, md, conflicts.stream().map(Glob::compile).toList(),
                replaces.stream().map(Glob::compile).toList(), global);
    }

    UnitRecord add(String name, PlacementRules r) {
        return model.putUnit(new UnitRecord(name, r));
    }

    @Test
    void templateInstancesWithConflictsLandOnDifferentMachines() {
        PlacementRules r = rules(null, List.of(), Map.of(), List.of("nginx@*.service"), List.of(), false);
        UnitRecord a = add("nginx@1.service", r), b = add("nginx@2.service", r), c = add("nginx@3.service", r),
                d = add("nginx@4.service", r);
        for (UnitRecord u : List.of(a, b, c, d)) placer.place(u);
        assertEquals(3, Set.of(a.target(), b.target(), c.target()).size());
        assertNull(d.target(), "a fourth instance has nowhere to go");
        assertTrue(d.unplacedReason().contains("Conflicts"), d.unplacedReason());
    }

    @Test
    void conflictsApplyInBothDirections() {
        UnitRecord db = add("db.service", rules(null, List.of(), Map.of(), List.of("web*"), List.of(), false));
        UnitRecord web = add("web.service", PlacementRules.NONE);
        db.pin("m1");
        placer.place(db);
        web.pin("m1");
        placer.place(web);
        assertNull(web.target());
        assertTrue(web.unplacedReason().contains("Conflicts=web*"), web.unplacedReason());
    }

    @Test
    void leastLoadedMachineWins() {
        placer.place(add("a.service", PlacementRules.NONE));
        placer.place(add("b.service", PlacementRules.NONE));
        UnitRecord c = add("c.service", PlacementRules.NONE);
        placer.place(c);
        assertEquals("m3", c.target());
        assertEquals(1, model.load("m1"));
    }

    @Test
    void globalRunsOnEveryMatchingMachine() {
        UnitRecord cad = add("cadvisor.service", rules(null, List.of(), Map.of(), List.of(), List.of(), true));
        placer.place(cad);
        assertEquals(Set.of("m1", "m2", "m3"), cad.targets());
        UnitRecord ssdOnly = add("ssd-agent.service",
                rules(null, List.of(), Map.of("disk", Set.of("ssd")), List.of(), List.of(), true));
        placer.place(ssdOnly);
        assertEquals(Set.of("m1", "m2"), ssdOnly.targets());
        model.putMachine(new MachineView("m4", Map.of("disk", "ssd")));
        placer.placeGlobal(ssdOnly);
        assertEquals(Set.of("m1", "m2", "m4"), ssdOnly.targets());
    }

    @Test
    void machineOfFollowsTheTargetUnit() {
        UnitRecord app = add("app.service", rules("m2", List.of(), Map.of(), List.of(), List.of(), false));
        UnitRecord side = add("app-discovery.service",
                rules(null, List.of("app.service"), Map.of(), List.of(), List.of(), false));
        placer.place(side);
        assertNull(side.target(), "target unit not scheduled yet");
        assertTrue(side.unplacedReason().contains("not scheduled"), side.unplacedReason());
        placer.place(app);
        placer.place(side);
        assertEquals("m2", side.target());
    }

    @Test
    void metadataKeysAreAndedAndValuesOfOneKeyOred() {
        UnitRecord u = add("u.service", rules(null, List.of(), Map.of("region", Set.of("us-east", "us-west"),
                "disk", Set.of("ssd")), List.of(), List.of(), false));
        Placer.Explanation e = placer.explain(u);
        assertEquals(Set.of("m1", "m2"), Set.copyOf(e.machines().stream().filter(Placer.Verdict::eligible)
                .map(Placer.Verdict::machineId).toList()));
        Placer.Verdict m3 = e.machines().stream().filter(v -> v.machineId().equals("m3")).findFirst().orElseThrow();
        assertFalse(m3.eligible());
        assertTrue(m3.reason().startsWith("MachineMetadata"), m3.reason());
    }

    @Test
    void machineIdPinsToOneMachine() {
        UnitRecord u = add("u.service", rules("m3", List.of(), Map.of(), List.of(), List.of(), false));
        placer.place(u);
        assertEquals("m3", u.target());
        UnitRecord gone = add("g.service", rules("m9", List.of(), Map.of(), List.of(), List.of(), false));
        placer.place(gone);
        assertNull(gone.target());
        assertTrue(gone.unplacedReason().contains("MachineID=m9"), gone.unplacedReason());
    }

    @Test
    void replacesEvictsTheReplacedUnitAndKeepsItAway() {
        UnitRecord old = add("old.service", PlacementRules.NONE);
        old.pin("m1");
        placer.place(old);
        UnitRecord neu = add("new.service", rules("m1", List.of(), Map.of(), List.of(), List.of("old.service"), false));
        List<UnitRecord> evicted = placer.place(neu);
        assertEquals("m1", neu.target());
        assertEquals(List.of(old), evicted);
        assertNull(old.target());
        old.pin(null);
        placer.place(old);
        assertNotEquals("m1", old.target());
        assertNotNull(old.target());
    }

    @Test
    void machineLossOrphansItsUnits() {
        UnitRecord u = add("u.service", rules("m2", List.of(), Map.of(), List.of(), List.of(), false));
        placer.place(u);
        List<UnitRecord> orphans = model.removeMachine("m2");
        assertEquals(List.of(u), orphans);
        assertNull(u.target());
        assertEquals(0, model.unitsOn("m2").size());
    }

    @Test
    void globsFollowGoPathMatch() {
        assertTrue(Glob.compile("nginx@*.service").matches("nginx@12.service"));
        assertFalse(Glob.compile("nginx@*.service").matches("nginx.service"));
        assertTrue(Glob.compile("web?.service").matches("web1.service"));
        assertTrue(Glob.compile("web[0-9].service").matches("web7.service"));
        assertFalse(Glob.compile("web[!0-9].service").matches("web7.service"));
        assertTrue(Glob.compile("a\\*b").matches("a*b"));
        assertEquals("nginx@", Glob.compile("nginx@*.service").literalPrefix());
    }
}
