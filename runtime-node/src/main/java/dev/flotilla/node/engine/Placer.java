package dev.flotilla.node.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides where units go by their [X-Fleet] rules, and says why a machine is not eligible.
 * Non-global units go to the least-loaded eligible machine (ties: lowest machine ID, so every engine leader decides
 * the same way); global units go to every eligible machine.
 */
public final class Placer {

    /** One machine's answer for one unit: eligible, or the rule that excluded it. */
    public record Verdict(String machineId, boolean eligible, String reason, int load) {}

    /** Where a unit would go and, for every machine, why (not). */
    public record Explanation(String unit, String chosenMachine, String unplacedReason, List<Verdict> machines) {}

    private final ClusterModel model;

    public Placer(ClusterModel model) {
        this.model = model;
    }

    /** Null when the unit may run on the machine, else the first rule that forbids it. */
    public String whyNot(UnitRecord u, MachineView m) {
        PlacementRules r = u.rules();
        String id = m.id();
        if (u.pin() != null && !u.pin().equals(id)) {
            return "pinned to machine " + u.pin();
        }
        if (r.machineId() != null && !r.machineId().equals(id)) {
            return "MachineID=" + r.machineId() + " names another machine";
        }
        for (String other : r.machineOf()) {
            UnitRecord o = model.unit(other);
            if (o == null) return "MachineOf=" + other + ": no such unit in the cluster";
            if (o.targets().isEmpty()) return "MachineOf=" + other + ": " + other + " is not scheduled";
            if (!o.targets().contains(id)) return "MachineOf=" + other + ": " + other + " runs on " + o.target();
        }
        for (Map.Entry<String, Set<String>> want : r.metadata().entrySet()) {
            String have = m.metadata().get(want.getKey());
            if (have == null || !want.getValue().contains(have)) {
                return "MachineMetadata: needs " + want.getKey() + "=" + String.join("|", want.getValue())
                        + ", machine has " + (have == null ? "no " + want.getKey() : want.getKey() + "=" + have);
            }
        }
        // our Conflicts against what the machine hosts
        for (Glob g : r.conflicts()) {
            for (String hosted : model.hostedMatching(id, g)) {
                if (!hosted.equals(u.name())) return "Conflicts=" + g + ": machine runs " + hosted;
            }
        }
        // hosted units' Conflicts against our name
        for (ClusterModel.GlobBearers b : model.conflictGlobsMatching(u.name())) {
            int n = b.perMachine.getOrDefault(id, 0) - (u.isOn(id) && r.conflicts().stream()
                    .anyMatch(g -> g.toString().equals(b.glob.toString())) ? 1 : 0);
            if (n > 0) return "Conflicts: a unit on this machine has Conflicts=" + b.glob + " " + bearerName(id, b, u, true);
        }
        // hosted units that replace us keep the machine
        for (ClusterModel.GlobBearers b : model.replacesGlobsMatching(u.name())) {
            int n = b.perMachine.getOrDefault(id, 0) - (u.isOn(id) && r.replaces().stream()
                    .anyMatch(g -> g.toString().equals(b.glob.toString())) ? 1 : 0);
            if (n > 0) return "Replaces: " + bearerName(id, b, u, false) + " on this machine replaces " + u.name();
        }
        return null;
    }

    private String bearerName(String machineId, ClusterModel.GlobBearers b, UnitRecord self, boolean conflicts) {
        for (String hosted : model.unitsOn(machineId)) {
            UnitRecord o = model.unit(hosted);
            if (o == null || o == self) continue;
            List<Glob> globs = conflicts ? o.rules().conflicts() : o.rules().replaces();
            for (Glob g : globs) if (g.toString().equals(b.glob.toString())) return "(" + hosted + ")";
        }
        return "";
    }

    /** The machine a non-global unit would go to now, or null. */
    public String choose(UnitRecord u) {
        String best = null;
        int bestLoad = Integer.MAX_VALUE;
        for (MachineView m : model.machines()) {
            int load = model.load(m.id()) - (u.isOn(m.id()) ? 1 : 0);
            if (load >= bestLoad) continue; // machines iterate in ID order, so ties keep the lowest ID
            if (whyNot(u, m) == null) {
                best = m.id();
                bestLoad = load;
            }
        }
        return best;
    }

    /**
     * Places a non-global unit that has no target. Returns the units its Replaces evicted from the chosen machine
     * (now without a target, to be placed again), or an empty list. On failure the unit's unplaced reason is set.
     */
    public List<UnitRecord> place(UnitRecord u) {
        if (u.rules().global()) {
            placeGlobal(u);
            return List.of();
        }
        String machine = choose(u);
        if (machine == null) {
            u.unplacedReason(summary(u));
            return List.of();
        }
        List<UnitRecord> evicted = new ArrayList<>();
        for (Glob g : u.rules().replaces()) {
            for (String hosted : model.hostedMatching(machine, g)) {
                UnitRecord o = model.unit(hosted);
                if (o != null && o != u && !o.rules().global()) {
                    model.unassign(o, machine);
                    evicted.add(o);
                }
            }
        }
        model.assign(u, machine);
        return evicted;
    }

    /** Puts a global unit on every eligible machine and takes it off the ones no longer eligible. */
    public void placeGlobal(UnitRecord u) {
        for (MachineView m : model.machines()) {
            boolean ok = whyNot(u, m) == null;
            if (ok) model.assign(u, m.id());
            else model.unassign(u, m.id());
        }
        u.unplacedReason(u.targets().isEmpty() ? summary(u) : null);
    }

    /** Whether a placed non-global unit may stay where it is (rules can change as MachineOf targets move). */
    public boolean stillValid(UnitRecord u) {
        String t = u.target();
        if (t == null) return false;
        MachineView m = model.machine(t);
        return m != null && whyNot(u, m) == null;
    }

    public Explanation explain(UnitRecord u) {
        List<Verdict> verdicts = new ArrayList<>();
        for (MachineView m : model.machines()) {
            String why = whyNot(u, m);
            verdicts.add(new Verdict(m.id(), why == null, why, model.load(m.id()) - (u.isOn(m.id()) ? 1 : 0)));
        }
        String chosen = u.rules().global() ? null : choose(u);
        String reason = (chosen == null && verdicts.stream().noneMatch(Verdict::eligible)) ? summary(u) : null;
        verdicts.sort(Comparator.comparing((Verdict v) -> !v.eligible()).thenComparing(Verdict::load)
                .thenComparing(Verdict::machineId));
        return new Explanation(u.name(), chosen, reason, verdicts);
    }

    private String summary(UnitRecord u) {
        if (model.machines().isEmpty()) return "no machines in the cluster";
        if (u.pin() != null) {
            MachineView pinned = model.machine(u.pin());
            if (pinned == null) return "pinned to machine " + u.pin() + ", which is not in the cluster";
            String why = whyNot(u, pinned);
            return why == null ? null : "pinned machine " + u.pin() + " is not eligible: " + why;
        }
        // the most common reason is the most useful one-line answer
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (MachineView m : model.machines()) {
            String why = whyNot(u, m);
            if (why != null) counts.merge(why, 1, Integer::sum);
        }
        return counts.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(e -> "no eligible machine: " + e.getKey()
                        + (counts.size() > 1 ? " (and " + (counts.size() - 1) + " other reasons)" : ""))
                .orElse("no eligible machine");
    }
}
