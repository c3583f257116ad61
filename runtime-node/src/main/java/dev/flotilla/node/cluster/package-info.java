/**
 * The cluster's keyspace in the store: where machines, units, schedules, placements and unit states live
 * ({@link dev.flotilla.node.cluster.Keyspace}) and the JSON records kept there. Engine, agent and the fleet API all
 * read and write the store through these names only.
 */
package dev.flotilla.node.cluster;
