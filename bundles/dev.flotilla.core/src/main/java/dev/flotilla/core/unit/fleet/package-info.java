/**
 * fleet's view of a unit: the typed {@code [X-Fleet]} scheduling rules ({@link dev.flotilla.core.unit.fleet.FleetRules},
 * {@link dev.flotilla.core.unit.fleet.MachineMetadata}), their validation as fleet accepted units
 * ({@link dev.flotilla.core.unit.fleet.FleetValidator}, including circular Replaces across units), fleet's glob
 * matching and the unit hash fleet shows ({@link dev.flotilla.core.unit.fleet.FleetHash}).
 */
package dev.flotilla.core.unit.fleet;
