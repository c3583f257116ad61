package dev.flotilla.node.fleet;

import dev.flotilla.core.api.FleetMachine;
import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.api.FleetUnitOption;
import dev.flotilla.core.api.FleetUnitState;
import dev.flotilla.core.unit.fleet.FleetHash;
import dev.flotilla.node.cluster.Records;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The fleet API v1 entities of a {@link ClusterSnapshot}. */
final class FleetViews {
    private FleetViews() {}

    /** The unit file as fleet's (section, name, value) options, parsed as go-systemd does. */
    static List<FleetUnitOption> options(String fileText) {
        List<FleetUnitOption> out = new ArrayList<>();
        for (FleetHash.Option o : FleetHash.parse(fileText).options()) {
            out.add(new FleetUnitOption(o.name(), o.section(), o.value()));
        }
        return out;
    }

    /** fleet's job.IsGlobal on options: the last X-Fleet Global value, truthy as fleet reads it. */
    static boolean isGlobal(List<FleetUnitOption> options) {
        String last = null;
        for (FleetUnitOption o : options) {
            if ("X-Fleet".equals(o.section()) && "Global".equals(o.name())) last = o.value();
        }
        if (last == null) return false;
        String l = last.toLowerCase(Locale.ROOT);
        return l.equals("true") || l.equals("yes") || l.equals("1") || l.equals("on") || l.equals("t");
    }

    static FleetUnit unit(ClusterSnapshot s, ClusterSnapshot.Unit u) {
        List<FleetUnitOption> options = options(u.file());
        boolean global = isGlobal(options);
        List<String> on = s.placedOn(u.name());
        String machine = global || on.isEmpty() ? null : on.get(0);
        return new FleetUnit(currentState(s, u.name(), global ? on : machine == null ? List.of() : List.of(machine)),
                u.desired(), machine, u.name(), options);
    }

    /**
     * fleet's current state (registry.determineJobState): inactive until the machine it is placed on reports a state
     * for it; then loaded, or launched once that machine's schedule says launched (fleet: the agent's heartbeat).
     */
    static String currentState(ClusterSnapshot s, String unit, List<String> machines) {
        String best = FleetUnit.INACTIVE;
        Map<String, Records.UnitState> reported = s.states.getOrDefault(unit, Map.of());
        for (String m : machines) {
            if (!reported.containsKey(m)) continue;
            Records.ScheduleEntry e = s.schedule.getOrDefault(m, Map.of()).get(unit);
            if (e != null && FleetUnit.LAUNCHED.equals(e.desired())) return FleetUnit.LAUNCHED;
            best = FleetUnit.LOADED;
        }
        return best;
    }

    static FleetUnitState state(Records.UnitState st, String unit, String machine) {
        return new FleetUnitState(st.hash(), machine, unit, st.active(), st.load(), st.sub());
    }

    /** All reported states, sorted by unit name then machine ID, optionally filtered. */
    static List<FleetUnitState> states(ClusterSnapshot s, String machineId, String unitName) {
        List<FleetUnitState> out = new ArrayList<>();
        s.states.forEach((unit, byMachine) -> byMachine.forEach((machine, st) -> {
            if ((machineId == null || machineId.isEmpty() || machineId.equals(machine))
                    && (unitName == null || unitName.isEmpty() || unitName.equals(unit))) {
                out.add(state(st, unit, machine));
            }
        }));
        return out;
    }

    static FleetMachine machine(ClusterSnapshot s, String id) {
        Records.Machine m = s.machines.get(id);
        return new FleetMachine(id, s.metadata(id), m == null ? null : m.primaryIP());
    }
}
