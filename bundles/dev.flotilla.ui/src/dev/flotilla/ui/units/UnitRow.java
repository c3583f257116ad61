package dev.flotilla.ui.units;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.api.FleetUnitState;
import dev.flotilla.core.api.MachineInfo;

/**
 * One line of the Units view, as {@code fleetctl list-units} shows it plus the desired and current state.
 *
 * @param unit      the unit name
 * @param machineID the full ID of the machine it is scheduled to, empty while unscheduled
 * @param machine   "shortid/ip" like fleetctl, "-" while unscheduled
 * @param dstate    desired state: inactive, loaded, launched
 * @param state     current state as the engine reports it
 * @param active    systemd's ActiveState on that machine, "-" when unknown
 * @param sub       systemd's SubState, "-" when unknown
 * @param hash      the unit file hash the machine runs (short), "-" when unknown
 */
public record UnitRow(String unit, String machineID, String machine, String dstate, String state, String active,
                      String sub, String hash) {

    /** The columns in display order; {@link #text(int)} indexes them. */
    public static final String[] COLUMNS = {"UNIT", "MACHINE", "DSTATE", "STATE", "ACTIVE", "SUB", "HASH"};

    public String text(int column) {
        return switch (column) {
            case 0 -> unit;
            case 1 -> machine;
            case 2 -> dstate;
            case 3 -> state;
            case 4 -> active;
            case 5 -> sub;
            case 6 -> hash;
            default -> throw new IllegalArgumentException("no column " + column);
        };
    }

    /** Joins what the three fleet listings say about each unit. */
    public static List<UnitRow> join(List<FleetUnit> units, List<FleetUnitState> states, List<MachineInfo> machines) {
        Map<String, String> ips = new HashMap<>();
        for (MachineInfo m : machines) {
            ips.put(m.id(), m.primaryIP() == null ? "" : m.primaryIP());
        }
        Map<String, FleetUnitState> byUnit = new HashMap<>();
        for (FleetUnitState s : states) {
            byUnit.put(s.name(), s);
        }
        List<UnitRow> rows = new ArrayList<>(units.size());
        for (FleetUnit u : units) {
            String id = u.machineID() == null ? "" : u.machineID();
            FleetUnitState s = byUnit.get(u.name());
            if (s != null && !id.isEmpty() && s.machineID() != null && !id.equals(s.machineID())) {
                s = null; // a report from the machine it left
            }
            rows.add(new UnitRow(u.name(), id, id.isEmpty() ? "-" : shortId(id) + "/" + ips.getOrDefault(id, "?"),
                    orDash(u.desiredState()), orDash(u.currentState()), s == null ? "-" : orDash(s.systemdActiveState()),
                    s == null ? "-" : orDash(s.systemdSubState()), s == null || s.hash() == null || s.hash().isEmpty()
                            ? "-" : s.hash().substring(0, Math.min(7, s.hash().length()))));
        }
        return rows;
    }

    /** The first 8 characters, like fleetctl's short machine IDs. */
    public static String shortId(String id) {
        return id.length() <= 8 ? id : id.substring(0, 8);
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
