/**
 * Replication of the store with Apache Ratis: the log entry format (batches of commands, each batch carrying
 * its proposer's clock), the Ratis state machine that applies them to the store and the member registry,
 * snapshots, group commit of concurrent writes, and the Ratis server/client lifecycle.
 */
package dev.flotilla.node.raft;
