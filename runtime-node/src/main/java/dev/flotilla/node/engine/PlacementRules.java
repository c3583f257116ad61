package dev.flotilla.node.engine;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The [X-Fleet] rules of one unit, with specifiers already resolved for the unit's name.
 *
 * @param machineId   the full machine ID the unit must run on, or null
 * @param machineOf   units that must run on the same machine (all of them)
 * @param metadata    key → allowed values: a machine needs, for every key, one of its values (fleet's
 *                    "several k=v on a line are ANDed, the same key on several lines ORed")
 * @param conflicts   globs of units that must not share a machine with this one (checked both ways)
 * @param replaces    globs of units this one displaces from the machine it lands on
 * @param global      run on every machine that satisfies {@code metadata} and {@code conflicts}
 */
public record PlacementRules(String machineId, List<String> machineOf, Map<String, Set<String>> metadata,
                             List<Glob> conflicts, List<Glob> replaces, boolean global) {

    public static final PlacementRules NONE = new PlacementRules(null, List.of(), Map.of(), List.of(), List.of(), false);

    public PlacementRules {
        machineOf = List.copyOf(machineOf);
        metadata = Map.copyOf(metadata);
        conflicts = List.copyOf(conflicts);
        replaces = List.copyOf(replaces);
    }
}
