/**
 * The etcd v2 HTTP API on Jetty 12's core handler API (no servlets): /v2/keys (with long-poll and stream
 * watches), /v2/members, /v2/stats, /v2/machines, /health and /version, with etcd's exact bodies, headers,
 * status codes and form parsing rules; and the members' internal relay of writes to the leader
 * ({@code RelayClient}, {@code /flotilla/internal/v1/relay}). Requests are handled asynchronously: no thread
 * waits for Raft.
 */
package dev.flotilla.node.http;
