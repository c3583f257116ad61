package dev.flotilla.node.engine;

/** Turns a submitted unit file into the rules the engine places it by (specifiers resolved for its name). */
@FunctionalInterface
public interface UnitRulesResolver {
    /** The rules; a file that cannot be read as rules (it was validated at submit) gives {@link PlacementRules#NONE}. */
    PlacementRules rules(String unitName, String unitFileText);
}
