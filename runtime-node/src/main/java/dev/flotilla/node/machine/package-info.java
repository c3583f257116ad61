/**
 * This machine as the cluster sees it: its stable ID (kept in the data directory, like /etc/machine-id), its
 * primary IP, metadata, and the record the agent keeps alive in the store with a TTL heartbeat.
 */
package dev.flotilla.node.machine;
