package dev.flotilla.node.fleet;

import dev.flotilla.core.unit.UnitFile;
import dev.flotilla.core.unit.UnitName;
import dev.flotilla.core.unit.ValueException;
import dev.flotilla.core.unit.fleet.FleetRules;
import dev.flotilla.node.engine.Glob;
import dev.flotilla.node.engine.PlacementRules;
import dev.flotilla.node.engine.UnitRulesResolver;
import java.util.List;

/**
 * The engine's view of a unit's [X-Fleet] section: the shared unit model reads the rules as fleet did (deprecated
 * keys, quoted multi-values, metadata AND/OR) and substitutes {@code %n %N %p %i} for the unit's own name, so an
 * instance {@code web@2.service} with {@code Conflicts=%p@*.service} conflicts with {@code web@*.service}.
 */
public final class FleetUnitRules implements UnitRulesResolver {

    @Override
    public PlacementRules rules(String unitName, String unitFileText) {
        UnitName name;
        try {
            name = UnitName.parse(unitName);
        } catch (ValueException e) {
            return PlacementRules.NONE; // never stored: names are checked at submit
        }
        FleetRules r = FleetRules.of(UnitFile.parse(unitName, unitFileText), name);
        return new PlacementRules(r.machineId().orElse(null), r.machineOf(), r.machineMetadata().clauses(),
                globs(r.conflicts()), globs(r.replaces()), r.global());
    }

    private static List<Glob> globs(List<String> patterns) {
        return patterns.stream().map(Glob::compile).toList();
    }
}
