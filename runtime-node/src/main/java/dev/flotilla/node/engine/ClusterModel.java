package dev.flotilla.node.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The engine's in-memory picture of the cluster: live machines, scheduled units, and the indexes that make a
 * placement decision cost a few map look-ups per machine instead of a scan of every unit.
 * Not thread-safe: the engine owns it from one thread.
 */
public final class ClusterModel {

    /** Units on one machine, sorted so a glob's literal prefix selects the candidates. */
    static final class Host {
        final MachineView machine;
        final NavigableSet<String> units = new TreeSet<>();

        Host(MachineView machine) { this.machine = machine; }
    }

    /** A distinct Conflicts/Replaces glob and, per machine, how many hosted units carry it. */
    static final class GlobBearers {
        final Glob glob;
        final Map<String, Integer> perMachine = new HashMap<>();

        GlobBearers(Glob glob) { this.glob = glob; }

        boolean presentOn(String machineId) { return perMachine.getOrDefault(machineId, 0) > 0; }
    }

    private final Map<String, Host> hosts = new TreeMap<>();
    private final Map<String, UnitRecord> units = new LinkedHashMap<>();
    private final Map<String, GlobBearers> conflictGlobs = new HashMap<>();
    private final Map<String, GlobBearers> replacesGlobs = new HashMap<>();
    /** Per unit name, which distinct conflict/replaces globs match it: names are immutable, so cache. */
    private final Map<String, List<GlobBearers>> conflictGlobsMatching = new HashMap<>();
    private final Map<String, List<GlobBearers>> replacesGlobsMatching = new HashMap<>();

    public Collection<MachineView> machines() {
        return hosts.values().stream().map(h -> h.machine).toList();
    }

    public MachineView machine(String id) {
        Host h = hosts.get(id);
        return h == null ? null : h.machine;
    }

    public Collection<UnitRecord> units() { return units.values(); }

    public UnitRecord unit(String name) { return units.get(name); }

    /** Units hosted on a machine (names, sorted). */
    public NavigableSet<String> unitsOn(String machineId) {
        Host h = hosts.get(machineId);
        return h == null ? new TreeSet<>() : h.units;
    }

    public int load(String machineId) {
        Host h = hosts.get(machineId);
        return h == null ? 0 : h.units.size();
    }

    /** Adds or updates a machine. Metadata changes do not move running units (fleet did the same). */
    public void putMachine(MachineView machine) {
        Host existing = hosts.get(machine.id());
        Host h = new Host(machine);
        if (existing != null) h.units.addAll(existing.units);
        hosts.put(machine.id(), h);
    }

    /** Removes a machine; returns the units that were on it and now have no target there. */
    public List<UnitRecord> removeMachine(String machineId) {
        Host h = hosts.remove(machineId);
        List<UnitRecord> orphans = new ArrayList<>();
        if (h == null) return orphans;
        for (String name : h.units) {
            UnitRecord u = units.get(name);
            if (u == null) continue;
            u.removeTarget(machineId);
            unindex(u, machineId);
            orphans.add(u);
        }
        return orphans;
    }

    public UnitRecord putUnit(UnitRecord unit) {
        UnitRecord old = units.get(unit.name());
        if (old != null) removeUnit(old.name());
        units.put(unit.name(), unit);
        for (Glob g : unit.rules().conflicts()) conflictGlobs.computeIfAbsent(g.toString(), k -> newBearers(g, true));
        for (Glob g : unit.rules().replaces()) replacesGlobs.computeIfAbsent(g.toString(), k -> newBearers(g, false));
        return unit;
    }

    public void removeUnit(String name) {
        UnitRecord u = units.remove(name);
        if (u == null) return;
        for (String m : u.targets()) {
            unassign(u, m);
        }
    }

    public void assign(UnitRecord u, String machineId) {
        Host h = hosts.get(machineId);
        if (h == null) throw new IllegalArgumentException("no machine " + machineId);
        if (u.isOn(machineId)) return;
        u.addTarget(machineId);
        u.unplacedReason(null);
        h.units.add(u.name());
        for (Glob g : u.rules().conflicts()) conflictGlobs.get(g.toString()).perMachine.merge(machineId, 1, Integer::sum);
        for (Glob g : u.rules().replaces()) replacesGlobs.get(g.toString()).perMachine.merge(machineId, 1, Integer::sum);
    }

    public void unassign(UnitRecord u, String machineId) {
        if (!u.isOn(machineId)) return;
        u.removeTarget(machineId);
        Host h = hosts.get(machineId);
        if (h != null) h.units.remove(u.name());
        unindex(u, machineId);
    }

    private void unindex(UnitRecord u, String machineId) {
        for (Glob g : u.rules().conflicts()) decrement(conflictGlobs.get(g.toString()), machineId);
        for (Glob g : u.rules().replaces()) decrement(replacesGlobs.get(g.toString()), machineId);
    }

    private static void decrement(GlobBearers b, String machineId) {
        if (b == null) return;
        b.perMachine.computeIfPresent(machineId, (k, v) -> v <= 1 ? null : v - 1);
    }

    private GlobBearers newBearers(Glob g, boolean conflict) {
        GlobBearers b = new GlobBearers(g);
        // a new distinct glob invalidates the per-name cache for names it matches
        (conflict ? conflictGlobsMatching : replacesGlobsMatching).clear();
        return b;
    }

    /** Conflict globs (of any unit) that match this name. */
    List<GlobBearers> conflictGlobsMatching(String name) {
        return conflictGlobsMatching.computeIfAbsent(name, n -> matching(conflictGlobs, n));
    }

    /** Replaces globs (of any unit) that match this name. */
    List<GlobBearers> replacesGlobsMatching(String name) {
        return replacesGlobsMatching.computeIfAbsent(name, n -> matching(replacesGlobs, n));
    }

    private static List<GlobBearers> matching(Map<String, GlobBearers> globs, String name) {
        List<GlobBearers> out = new ArrayList<>(2);
        for (GlobBearers b : globs.values()) if (b.glob.matches(name)) out.add(b);
        return out;
    }

    /** Hosted unit names on the machine that the glob matches. */
    List<String> hostedMatching(String machineId, Glob glob) {
        Host h = hosts.get(machineId);
        List<String> out = new ArrayList<>(1);
        if (h == null) return out;
        if (glob.isLiteral()) {
            if (h.units.contains(glob.literalPrefix())) out.add(glob.literalPrefix());
            return out;
        }
        String p = glob.literalPrefix();
        for (String name : p.isEmpty() ? h.units : h.units.subSet(p, true, p + Character.MAX_VALUE, true)) {
            if (glob.matches(name)) out.add(name);
        }
        return out;
    }
}
