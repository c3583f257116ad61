package dev.flotilla.node.engine;

import dev.flotilla.core.unit.UnitFile;
import dev.flotilla.core.unit.UnitName;
import dev.flotilla.core.unit.ValueException;
import dev.flotilla.core.unit.fleet.FleetRules;

/** Reads a unit's [X-Fleet] section with the shared model, specifiers substituted for the unit's name as fleet did. */
public final class ModelRulesResolver implements UnitRulesResolver {
    @Override
    public PlacementRules rules(String unitName, String unitFileText) {
        UnitName name;
        try {
            name = UnitName.parse(unitName);
        } catch (ValueException e) {
            return PlacementRules.NONE; // submit refuses such names; a hand-written key must not stop the engine
        }
        FleetRules r = FleetRules.of(UnitFile.parse(unitName, unitFileText), name);
        return new PlacementRules(r.machineId().orElse(null), r.machineOf(), r.machineMetadata().clauses(),
                r.conflicts().stream().map(Glob::compile).toList(), r.replaces().stream().map(Glob::compile).toList(),
                r.global());
    }
}
