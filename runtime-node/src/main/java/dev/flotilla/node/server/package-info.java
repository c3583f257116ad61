/**
 * A store member's lifecycle: its configuration (etcd's flags and meanings), wiring of store, Raft and
 * HTTP, and the background duties only a leader performs (bootstrap record, TTL expiry proposals,
 * reconciling the Raft membership with /v2/members) or every member performs (publishing its name and
 * client URLs).
 */
package dev.flotilla.node.server;
