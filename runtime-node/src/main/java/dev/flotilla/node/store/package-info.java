/**
 * The deterministic etcd v2 key tree: nodes, indexes, TTLs, compare-and-swap/delete, in-order keys,
 * the 1000-event history and watchers, and the exact JSON etcd writes for them. Nothing here reads a
 * clock or does I/O on its own: every write carries the time it was proposed at, so every member of the
 * Raft group that applies the same requests in the same order ends in the same state.
 */
package dev.flotilla.node.store;
