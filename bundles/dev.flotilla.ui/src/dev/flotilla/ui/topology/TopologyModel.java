package dev.flotilla.ui.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.api.FleetUnitOption;
import dev.flotilla.core.api.FleetUnitState;
import dev.flotilla.core.api.MachineInfo;
import dev.flotilla.core.unit.UnitFile;
import dev.flotilla.core.unit.fleet.FleetGlob;
import dev.flotilla.core.unit.fleet.FleetHash;
import dev.flotilla.core.unit.fleet.FleetRules;

/**
 * What the Topology view draws, joined from the fleet API's machines, units and states: each machine with the units
 * it runs (Global units on every machine), each unit's state there, and the rules between drawn units. Immutable;
 * built off the UI thread.
 *
 * @param machines the machines, by ID
 * @param rules    the Conflicts and MachineOf relations between units that are drawn
 * @param unplaced units loaded or launched that the engine has placed nowhere (no machine box to draw them in)
 */
public record TopologyModel(List<Machine> machines, List<Rule> rules, List<String> unplaced) {

    public static final TopologyModel EMPTY = new TopologyModel(List.of(), List.of(), List.of());

    /** How a unit looks: the colour of its state. */
    public enum State {
        /** systemd reports it active. */
        ACTIVE,
        /** active but not (yet) running, or activating/deactivating. */
        CHANGING,
        /** systemd reports it failed. */
        FAILED,
        /** loaded, not started (desired loaded, or stopped). */
        LOADED,
        /** scheduled there, no report yet. */
        PENDING
    }

    /** A machine box. */
    public record Machine(String id, String ip, boolean leader, Map<String, String> metadata, List<Unit> units) {
        public String shortId() {
            return id.length() > 8 ? id.substring(0, 8) : id;
        }
    }

    /**
     * A unit figure inside a machine box.
     *
     * @param conflicts the unit's Conflicts globs; {@code machineOf} the units it must share a machine with
     */
    public record Unit(String name, String machineId, boolean global, State state, String detail,
                       List<String> conflicts, List<String> machineOf, String machineIdRule) {
    }

    /** A relation drawn as a line between two unit figures (by unit name; both are drawn). */
    public record Rule(Kind kind, String from, String to) {
        public enum Kind { CONFLICTS, MACHINE_OF }
    }

    /** The machine with {@code id}, or null. */
    public Machine machine(String id) {
        for (Machine m : machines) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        return null;
    }

    /** The machines a unit is drawn on (several for a Global unit). */
    public List<String> machinesOf(String unit) {
        List<String> out = new ArrayList<>();
        for (Machine m : machines) {
            for (Unit u : m.units()) {
                if (u.name().equals(unit)) {
                    out.add(m.id());
                }
            }
        }
        return out;
    }

    public int unitFigures() {
        return machines.stream().mapToInt(m -> m.units().size()).sum();
    }

    /** Joins what the API says: units not desired inactive are drawn where the engine scheduled them. */
    public static TopologyModel of(List<MachineInfo> machineInfos, List<FleetUnit> units, List<FleetUnitState> states) {
        Map<String, FleetUnitState> stateOf = new HashMap<>();
        for (FleetUnitState s : states) {
            stateOf.put(s.name() + "\n" + s.machineID(), s);
        }
        Map<String, List<Unit>> byMachine = new LinkedHashMap<>();
        List<MachineInfo> sorted = new ArrayList<>(machineInfos);
        sorted.sort(Comparator.comparing(MachineInfo::id));
        for (MachineInfo m : sorted) {
            byMachine.put(m.id(), new ArrayList<>());
        }
        Map<String, FleetRules> rulesOf = new LinkedHashMap<>();
        List<String> unplaced = new ArrayList<>();
        for (FleetUnit u : units) {
            if (FleetUnit.INACTIVE.equals(u.desiredState())) {
                continue; // not on any machine
            }
            FleetRules rules = rules(u.options());
            rulesOf.put(u.name(), rules);
            List<String> targets = rules.global() ? List.copyOf(byMachine.keySet())
                    : u.machineID() == null || u.machineID().isEmpty() ? List.of() : List.of(u.machineID());
            if (targets.isEmpty() || !rules.global() && !byMachine.containsKey(u.machineID())) {
                unplaced.add(u.name());
            }
            for (String machine : targets) {
                List<Unit> list = byMachine.get(machine);
                if (list == null) {
                    continue; // scheduled to a machine that has just lapsed
                }
                FleetUnitState s = stateOf.get(u.name() + "\n" + machine);
                list.add(new Unit(u.name(), machine, rules.global(), state(u, s), detail(u, s), rules.conflicts(),
                        rules.machineOf(), rules.machineId().orElse(null)));
            }
        }
        List<Machine> machines = new ArrayList<>();
        for (MachineInfo m : sorted) {
            List<Unit> list = byMachine.get(m.id());
            list.sort(Comparator.comparing((Unit u) -> !u.global()).thenComparing(Unit::name));
            machines.add(new Machine(m.id(), m.primaryIP(), m.engineLeader(), m.metadata(), List.copyOf(list)));
        }
        unplaced.sort(null);
        return new TopologyModel(List.copyOf(machines), relations(rulesOf), List.copyOf(unplaced));
    }

    /** One line per related pair of drawn units: MachineOf to its peer, Conflicts to every unit its globs match. */
    static List<Rule> relations(Map<String, FleetRules> rulesOf) {
        Set<Rule> out = new LinkedHashSet<>();
        for (Map.Entry<String, FleetRules> e : rulesOf.entrySet()) {
            String name = e.getKey();
            for (String peer : e.getValue().machineOf()) {
                if (rulesOf.containsKey(peer) && !peer.equals(name)) {
                    out.add(new Rule(Rule.Kind.MACHINE_OF, name, peer));
                }
            }
            for (String glob : e.getValue().conflicts()) {
                for (String other : rulesOf.keySet()) {
                    if (!other.equals(name) && FleetGlob.matches(glob, other)
                            && !out.contains(new Rule(Rule.Kind.CONFLICTS, other, name))) {
                        out.add(new Rule(Rule.Kind.CONFLICTS, name, other));
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    static FleetRules rules(List<FleetUnitOption> options) {
        String text = FleetHash.serialize(options.stream().map(o -> new FleetHash.Option(o.section(), o.name(),
                o.value() == null ? "" : o.value())).toList());
        return FleetRules.of(UnitFile.parse("unit.service", text));
    }

    private static State state(FleetUnit u, FleetUnitState s) {
        if (s == null || s.systemdActiveState() == null) {
            return FleetUnit.LOADED.equals(u.desiredState()) ? State.LOADED : State.PENDING;
        }
        return switch (s.systemdActiveState()) {
            case "active" -> "running".equals(s.systemdSubState()) || "exited".equals(s.systemdSubState())
                    || s.systemdSubState() == null ? State.ACTIVE : State.CHANGING;
            case "failed" -> State.FAILED;
            case "activating", "deactivating", "reloading" -> State.CHANGING;
            default -> State.LOADED;
        };
    }

    private static String detail(FleetUnit u, FleetUnitState s) {
        return s == null ? "desired " + u.desiredState() + ", no report yet"
                : s.systemdLoadState() + "/" + s.systemdActiveState() + "/" + s.systemdSubState();
    }
}
