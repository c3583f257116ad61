package dev.flotilla.node.engine;

import static org.junit.jupiter.api.Assertions.*;

import dev.flotilla.node.engine.Reconciler.Desired;
import dev.flotilla.node.engine.Reconciler.ScheduleWrite;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

    static PlacementRules conflicts(String glob) {
        return new PlacementRules(null, List.of(), Map.of(), List.of(Glob.compile(glob)), List.of(), false);
    }

    static Reconciler threeMachines() {
        Reconciler r = new Reconciler();
        for (String m : List.of("m1", "m2", "m3")) r.machineUp(new MachineView(m, Map.of()));
        return r;
    }

    @Test
    void startWritesOneScheduleEntryAndStopChangesItToLoaded() {
        Reconciler r = threeMachines();
        r.unitSubmitted("web.service", PlacementRules.NONE, "h1");
        assertTrue(r.reconcile().schedule().isEmpty(), "a submitted unit is inactive: nothing scheduled");
        r.desiredChanged("web.service", Desired.LAUNCHED);
        List<ScheduleWrite> w = r.reconcile().schedule();
        assertEquals(1, w.size());
        assertEquals(Desired.LAUNCHED, w.get(0).desired());
        String machine = w.get(0).machineId();
        r.desiredChanged("web.service", Desired.LOADED);
        assertEquals(List.of(new ScheduleWrite(machine, "web.service", Desired.LOADED, "h1")), r.reconcile().schedule());
        r.desiredChanged("web.service", Desired.INACTIVE);
        assertEquals(List.of(new ScheduleWrite(machine, "web.service", null, null)), r.reconcile().schedule());
    }

    @Test
    void deadMachineUnitsMoveAndNothingElseMoves() {
        Reconciler r = threeMachines();
        for (int i = 1; i <= 3; i++) {
            r.unitSubmitted("nginx@" + i + ".service", conflicts("nginx@*.service"), "h");
            r.desiredChanged("nginx@" + i + ".service", Desired.LAUNCHED);
        }
        r.unitSubmitted("solo.service", PlacementRules.NONE, "h");
        r.desiredChanged("solo.service", Desired.LAUNCHED);
        r.reconcile();
        String victim = r.model().unit("solo.service").target();
        r.machineUp(new MachineView("m4", Map.of()));
        assertTrue(r.reconcile().schedule().isEmpty(), "a new machine does not move placed units");
        r.machineDown(victim);
        List<ScheduleWrite> w = r.reconcile().schedule();
        List<ScheduleWrite> starts = w.stream().filter(x -> x.desired() != null).toList();
        List<ScheduleWrite> removals = w.stream().filter(x -> x.desired() == null).toList();
        assertTrue(starts.stream().allMatch(x -> x.desired() == Desired.LAUNCHED && !x.machineId().equals(victim)), w.toString());
        assertTrue(starts.stream().anyMatch(x -> x.unit().equals("solo.service")));
        assertEquals(2, starts.size(), "only the two units of the dead machine move: " + w);
        assertEquals(2, removals.size(), "the dead machine's schedule is cleared: " + w);
        assertTrue(removals.stream().allMatch(x -> x.machineId().equals(victim)), w.toString());
        assertEquals(4, Set.of(r.model().unit("nginx@1.service").target(), r.model().unit("nginx@2.service").target(),
                r.model().unit("nginx@3.service").target(), "x").size());
    }

    @Test
    void aNewLeaderAdoptingTheScheduleWritesNothing() {
        Reconciler first = threeMachines();
        for (int i = 0; i < 10; i++) {
            first.unitSubmitted("u" + i + ".service", PlacementRules.NONE, "h");
            first.desiredChanged("u" + i + ".service", Desired.LAUNCHED);
        }
        List<ScheduleWrite> written = first.reconcile().schedule();

        Reconciler next = threeMachines();
        for (int i = 0; i < 10; i++) {
            next.unitSubmitted("u" + i + ".service", PlacementRules.NONE, "h");
            next.desiredChanged("u" + i + ".service", Desired.LAUNCHED);
        }
        // the adopted schedule is deliberately not what a fresh placement would choose
        for (ScheduleWrite w : written) next.adopt(w.unit(), w.machineId(), w.desired());
        assertTrue(next.reconcile().schedule().isEmpty(), "leader change must not stop or move running units");
    }

    @Test
    void pinMovesTheUnitOrIsRefusedWithTheRule() {
        Reconciler r = threeMachines();
        r.unitSubmitted("a.service", conflicts("b.service"), "h");
        r.unitSubmitted("b.service", PlacementRules.NONE, "h");
        r.desiredChanged("a.service", Desired.LAUNCHED);
        r.desiredChanged("b.service", Desired.LAUNCHED);
        r.reconcile();
        String aOn = r.model().unit("a.service").target();
        String why = r.pinChanged("b.service", aOn);
        assertNotNull(why);
        assertTrue(why.contains("Conflicts"), why);
        String other = List.of("m1", "m2", "m3").stream()
                .filter(m -> !m.equals(aOn) && !m.equals(r.model().unit("b.service").target())).findFirst().orElseThrow();
        assertNull(r.pinChanged("b.service", other));
        List<ScheduleWrite> w = r.reconcile().schedule();
        assertTrue(w.contains(new ScheduleWrite(other, "b.service", Desired.LAUNCHED, "h")), w.toString());
        assertEquals(2, w.size(), "old machine entry removed, new one written: " + w);
    }

    @Test
    void unpinningAPlacedUnitKeepsItWhereItRuns() {
        Reconciler r = threeMachines();
        r.unitSubmitted("a.service", PlacementRules.NONE, "h");
        r.desiredChanged("a.service", Desired.LAUNCHED);
        r.reconcile();
        String on = r.model().unit("a.service").target();
        assertNull(r.pinChanged("a.service", on));
        r.reconcile();
        // the pin key deleted: the engine once threw here (contains(null) on an immutable set) and reloaded
        assertNull(r.pinChanged("a.service", null));
        assertTrue(r.reconcile().schedule().isEmpty(), "unpinning moves nothing");
        assertEquals(on, r.model().unit("a.service").target());
    }

    @Test
    void unplaceableUnitWaitsWithReasonAndIsPlacedWhenAMachineComes() {
        Reconciler r = threeMachines();
        r.unitSubmitted("gpu.service", new PlacementRules(null, List.of(), Map.of("gpu", Set.of("yes")), List.of(),
                List.of(), false), "h");
        r.desiredChanged("gpu.service", Desired.LAUNCHED);
        Reconciler.Writes w = r.reconcile();
        assertTrue(w.schedule().isEmpty());
        assertTrue(r.unplaced().get("gpu.service").contains("MachineMetadata"), r.unplaced().toString());
        assertTrue(w.placements().get(0).reason().contains("gpu=yes"));
        r.machineUp(new MachineView("m9", Map.of("gpu", "yes")));
        assertEquals(List.of(new ScheduleWrite("m9", "gpu.service", Desired.LAUNCHED, "h")), r.reconcile().schedule());
    }

    @Test
    void destroyRemovesTheScheduleEntryAfterAMove() {
        Reconciler r = threeMachines();
        r.unitSubmitted("web.service", PlacementRules.NONE, "h");
        r.desiredChanged("web.service", Desired.LAUNCHED);
        String on = r.reconcile().schedule().get(0).machineId();
        r.machineDown(on);
        String moved = r.reconcile().schedule().stream().filter(x -> x.desired() != null).findFirst().orElseThrow().machineId();
        r.desiredChanged("web.service", Desired.LOADED);
        r.reconcile();
        r.unitDestroyed("web.service");
        assertEquals(List.of(new ScheduleWrite(moved, "web.service", null, null)), r.reconcile().schedule());
    }

    @Test
    void seeingTheSameSubmitAgainMovesNothing() {
        Reconciler r = threeMachines();
        r.unitSubmitted("web.service", PlacementRules.NONE, "h");
        r.desiredChanged("web.service", Desired.LAUNCHED);
        String on = r.reconcile().schedule().get(0).machineId();
        r.unitSubmitted("a.service", PlacementRules.NONE, "h");
        r.unitSubmitted("web.service", PlacementRules.NONE, "h");
        assertTrue(r.reconcile().schedule().isEmpty());
        assertEquals(on, r.model().unit("web.service").target());
    }

    @Test
    void machinesRegisteringAfterAdoptionKeepTheirUnits() {
        Reconciler first = threeMachines();
        for (int i = 0; i < 6; i++) {
            first.unitSubmitted("u" + i + ".service", PlacementRules.NONE, "h");
            first.desiredChanged("u" + i + ".service", Desired.LAUNCHED);
        }
        List<ScheduleWrite> written = first.reconcile().schedule();

        // a whole-cluster restart: the new engine reads the schedule before any machine has registered again
        Reconciler next = new Reconciler();
        for (int i = 0; i < 6; i++) {
            next.unitSubmitted("u" + i + ".service", PlacementRules.NONE, "h");
            next.desiredChanged("u" + i + ".service", Desired.LAUNCHED);
        }
        for (ScheduleWrite w : written) next.adopt(w.unit(), w.machineId(), w.desired());
        assertEquals(java.util.Set.of("m1", "m2", "m3"), next.scheduledMachinesNotRegistered());
        for (String m : List.of("m3", "m1", "m2")) next.machineUp(new MachineView(m, Map.of()));
        assertTrue(next.scheduledMachinesNotRegistered().isEmpty());
        assertTrue(next.reconcile().schedule().isEmpty(), "every unit stays where the schedule had it");
    }
}
