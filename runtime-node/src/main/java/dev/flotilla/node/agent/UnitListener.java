package dev.flotilla.node.agent;

/** Notified after every state change of a unit (the engine publishes these to the store). Called on the unit's
 * own thread; must not block. */
@FunctionalInterface
public interface UnitListener {
    void unitChanged(UnitStatus previous, UnitStatus current);
}
