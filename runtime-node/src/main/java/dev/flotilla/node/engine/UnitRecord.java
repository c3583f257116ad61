package dev.flotilla.node.engine;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One unit as the engine schedules it. Only the engine thread mutates it.
 * A non-global unit has at most one target; a global one has a target per machine it runs on.
 */
public final class UnitRecord {
    private final String name;
    private final PlacementRules rules;
    private String pin;
    private final Set<String> targets = new LinkedHashSet<>();
    private String unplacedReason;

    public UnitRecord(String name, PlacementRules rules) {
        this.name = name;
        this.rules = rules;
    }

    public String name() { return name; }
    public PlacementRules rules() { return rules; }
    public String pin() { return pin; }
    public void pin(String machineId) { this.pin = machineId; }

    /** The machine a non-global unit is on, or null. */
    public String target() { return targets.isEmpty() ? null : targets.iterator().next(); }

    /** Every machine the unit is on (one, or many for a global unit). */
    public Set<String> targets() { return Set.copyOf(targets); }

    boolean isOn(String machineId) { return targets.contains(machineId); }
    void addTarget(String machineId) { targets.add(machineId); }
    void removeTarget(String machineId) { targets.remove(machineId); }

    /** Why the last placement attempt found no machine, or null when placed. */
    public String unplacedReason() { return unplacedReason; }
    void unplacedReason(String reason) { this.unplacedReason = reason; }

    @Override
    public String toString() {
        return name + "@" + targets;
    }
}
