package dev.flotilla.node.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The engine's decisions, free of I/O: it is told what changed in the store (units submitted, desired states,
 * pins, machines coming and going) and answers with the schedule writes that bring the cluster to the desired state.
 * Only units touched by a change are reconsidered, so a change costs work proportional to what it affects.
 *
 * <p>A new engine leader first {@link #adopt adopts} the schedule it finds in the store, so a leader change moves
 * nothing that is validly placed: no running unit is stopped or restarted.
 */
public final class Reconciler {

    /** Desired state of a unit at cluster level, as fleet names them. */
    public enum Desired { INACTIVE, LOADED, LAUNCHED;
        public String wire() { return name().toLowerCase(); }
        public static Desired parse(String s) {
            return switch (s == null ? "" : s.trim()) {
                case "loaded" -> LOADED;
                case "launched" -> LAUNCHED;
                default -> INACTIVE;
            };
        }
    }

    /** One write to the store's schedule: the unit's desired state on a machine, or its removal (desired null). */
    public record ScheduleWrite(String machineId, String unit, Desired desired, String hash) {}

    /** One write of a unit's placement record: where it is, or why it is nowhere. */
    public record PlacementWrite(String unit, List<String> machines, String reason) {}

    /** What the engine must write after a round of changes. */
    public record Writes(List<ScheduleWrite> schedule, List<PlacementWrite> placements) {
        public boolean isEmpty() { return schedule.isEmpty() && placements.isEmpty(); }
    }

    private static final class Spec {
        final UnitRecord record;
        Desired desired = Desired.INACTIVE;
        String hash;

        Spec(UnitRecord record) { this.record = record; }
    }

    private final ClusterModel model = new ClusterModel();
    private final Placer placer = new Placer(model);
    private final Map<String, Spec> specs = new LinkedHashMap<>();
    /** What the store's schedule holds now (unit → machine → desired), kept in step with the writes we emit. */
    private final Map<String, Map<String, Desired>> written = new HashMap<>();
    private final Map<String, PlacementWrite> writtenPlacement = new HashMap<>();
    private final Set<String> dirty = new LinkedHashSet<>();

    public ClusterModel model() { return model; }

    public Placer placer() { return placer; }

    public void machineUp(MachineView m) {
        boolean isNew = model.machine(m.id()) == null;
        model.putMachine(m);
        if (isNew) {
            // a machine registering after the schedule was adopted keeps what the schedule gave it
            for (Map.Entry<String, Map<String, Desired>> e : written.entrySet()) {
                Spec s = specs.get(e.getKey());
                if (s == null || s.desired == Desired.INACTIVE || !e.getValue().containsKey(m.id())) continue;
                if (s.record.rules().global() || s.record.targets().isEmpty()) model.assign(s.record, m.id());
            }
            // a new machine can host every unit that is waiting, and every global unit
            for (Spec s : specs.values()) {
                if (s.desired != Desired.INACTIVE && (s.record.rules().global() || s.record.targets().isEmpty())) {
                    dirty.add(s.record.name());
                }
            }
        } else {
            for (Spec s : specs.values()) if (s.record.rules().global()) dirty.add(s.record.name());
        }
    }

    /** Machines the adopted schedule names that are not registered. */
    public Set<String> scheduledMachinesNotRegistered() {
        Set<String> out = new TreeSet<>();
        written.values().forEach(m -> m.keySet().forEach(id -> { if (model.machine(id) == null) out.add(id); }));
        return out;
    }

    /** Units whose schedule names this machine (what its agent was told to run). */
    public Set<String> scheduledOn(String machineId) {
        Set<String> out = new TreeSet<>();
        written.forEach((unit, machines) -> { if (machines.containsKey(machineId)) out.add(unit); });
        return out;
    }

    public void machineDown(String machineId) {
        for (UnitRecord orphan : model.removeMachine(machineId)) dirty.add(orphan.name());
        // the dead machine's schedule entries are removed from the store (diff sees them as unwanted), so a machine
        // that comes back with the same ID finds nothing to start: its units already run elsewhere
        for (Map.Entry<String, Map<String, Desired>> e : written.entrySet()) {
            if (e.getValue().containsKey(machineId)) dirty.add(e.getKey());
        }
        markFollowersDirty();
    }

    /** A unit file was submitted (or replaced): its rules and hash. */
    public void unitSubmitted(String name, PlacementRules rules, String hash) {
        Spec old = specs.get(name);
        if (old != null && Objects.equals(old.hash, hash)) {
            return; // the same file seen again (a watch replaying what a read already showed): nothing changed
        }
        Spec s = new Spec(new UnitRecord(name, rules));
        if (old != null) {
            s.desired = old.desired;
            s.record.pin(old.record.pin());
            model.removeUnit(name);
        }
        s.hash = hash;
        specs.put(name, s);
        model.putUnit(s.record);
        dirty.add(name);
    }

    public void unitDestroyed(String name) {
        Spec s = specs.remove(name);
        if (s == null) return;
        model.removeUnit(name);
        dirty.add(name);
        markFollowersDirty();
    }

    public void desiredChanged(String name, Desired desired) {
        Spec s = specs.get(name);
        if (s == null || s.desired == desired) return;
        s.desired = desired;
        dirty.add(name);
    }

    /** The operator pinned (or unpinned, null) a unit to a machine. Returns null, or why the pin is refused. */
    public String pinChanged(String name, String machineId) {
        Spec s = specs.get(name);
        if (s == null) return "no such unit: " + name;
        if (Objects.equals(s.record.pin(), machineId)) return null;
        if (machineId != null) {
            MachineView m = model.machine(machineId);
            if (m == null) return "no such machine: " + machineId;
            String prevPin = s.record.pin();
            s.record.pin(machineId);
            String why = placer.whyNot(s.record, m);
            if (why != null) {
                s.record.pin(prevPin);
                return why;
            }
        } else {
            s.record.pin(null);
        }
        // machineId null (unpinned) first: targets() is an immutable set, whose contains(null) throws
        if (machineId != null && !s.record.targets().isEmpty() && !s.record.rules().global()
                && !s.record.targets().contains(machineId)) {
            for (String t : s.record.targets()) model.unassign(s.record, t);
        }
        dirty.add(name);
        return null;
    }

    /**
     * Tells a newly elected engine what the store's schedule already says, before any decision: valid placements
     * are kept as they are.
     */
    public void adopt(String unit, String machineId, Desired desired) {
        written.computeIfAbsent(unit, k -> new HashMap<>()).put(machineId, desired);
        Spec s = specs.get(unit);
        if (s != null && model.machine(machineId) != null && s.desired != Desired.INACTIVE) {
            if (s.record.rules().global() || s.record.targets().isEmpty()) model.assign(s.record, machineId);
        }
        dirty.add(unit);
    }

    public boolean hasWork() { return !dirty.isEmpty(); }

    /** Decides every changed unit and returns the writes that make the store say so. */
    public Writes reconcile() {
        List<ScheduleWrite> schedule = new ArrayList<>();
        List<PlacementWrite> placements = new ArrayList<>();
        int rounds = 0;
        while (!dirty.isEmpty() && rounds++ < 8) { // evictions by Replaces and MachineOf followers can cascade
            List<String> batch = new ArrayList<>(dirty);
            dirty.clear();
            for (String name : batch) decide(name);
            markFollowersDirty();
            for (String name : batch) diff(name, schedule, placements);
        }
        return new Writes(schedule, placements);
    }

    private void decide(String name) {
        Spec s = specs.get(name);
        if (s == null) return;
        UnitRecord u = s.record;
        if (s.desired == Desired.INACTIVE) {
            for (String t : u.targets()) model.unassign(u, t);
            u.unplacedReason(null);
            return;
        }
        if (u.rules().global()) {
            placer.placeGlobal(u);
            return;
        }
        if (u.target() != null && !placer.stillValid(u)) model.unassign(u, u.target());
        if (u.target() == null) {
            for (UnitRecord evicted : placer.place(u)) dirty.add(evicted.name());
        }
    }

    /** Units whose MachineOf names a unit that moved must follow it. */
    private void markFollowersDirty() {
        for (Spec s : specs.values()) {
            UnitRecord u = s.record;
            if (s.desired == Desired.INACTIVE || u.rules().machineOf().isEmpty()) continue;
            if (u.target() == null || !placer.stillValid(u)) dirty.add(u.name());
        }
    }

    private void diff(String name, List<ScheduleWrite> schedule, List<PlacementWrite> placements) {
        Spec s = specs.get(name);
        Map<String, Desired> want = new HashMap<>();
        if (s != null && s.desired != Desired.INACTIVE) {
            for (String m : s.record.targets()) want.put(m, s.desired);
        }
        Map<String, Desired> have = written.computeIfAbsent(name, k -> new HashMap<>());
        for (Map.Entry<String, Desired> e : want.entrySet()) {
            if (have.get(e.getKey()) != e.getValue()) {
                schedule.add(new ScheduleWrite(e.getKey(), name, e.getValue(), s.hash));
            }
        }
        for (String m : new TreeSet<>(have.keySet())) {
            if (!want.containsKey(m)) schedule.add(new ScheduleWrite(m, name, null, null));
        }
        if (want.isEmpty()) written.remove(name);
        else written.put(name, want);

        PlacementWrite p = s == null ? null
                : new PlacementWrite(name, List.copyOf(new TreeSet<>(s.record.targets())),
                        s.desired == Desired.INACTIVE ? null : s.record.unplacedReason());
        PlacementWrite before = writtenPlacement.get(name);
        if (!Objects.equals(p, before)) {
            if (p == null) writtenPlacement.remove(name);
            else writtenPlacement.put(name, p);
            placements.add(p != null ? p : new PlacementWrite(name, null, null));
        }
    }

    /** Units that want to run but have no machine, with the reason. */
    public Map<String, String> unplaced() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Spec s : specs.values()) {
            if (s.desired != Desired.INACTIVE && s.record.targets().isEmpty()) {
                out.put(s.record.name(), s.record.unplacedReason());
            }
        }
        return out;
    }

    public Set<String> unitNames() { return new HashSet<>(specs.keySet()); }
}
