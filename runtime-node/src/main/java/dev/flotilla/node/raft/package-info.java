/**
 * Replication of the store with Apache Ratis: the log entry format (batches of commands in segments, one per
 * proposer, each batch carrying the proposer's clock), the Ratis state machine that applies them to the store and
 * the member registry, snapshots, group commit of concurrent writes ({@code Proposer}), followers' writes relayed
 * to the leader's group commit in segments ({@code Relay}), and the Ratis server/client lifecycle.
 */
package dev.flotilla.node.raft;
