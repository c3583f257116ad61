/**
 * The cluster's HTTP APIs for people and tools, served by every node and backed only by the store: fleet's API v1
 * under {@code /fleet/v1/} ({@link dev.flotilla.node.fleet.FleetApiHandler}) and Flotilla's extensions under
 * {@code /flotilla/v1/} ({@link dev.flotilla.node.fleet.FlotillaApiHandler}: machine records, explain, placement
 * pins, a server-sent event stream). The handlers talk to the store through a
 * {@link dev.flotilla.core.client.KeysClient} pointed at the node's own client URL, so writes go through Raft and
 * every node answers the same.
 */
package dev.flotilla.node.fleet;
