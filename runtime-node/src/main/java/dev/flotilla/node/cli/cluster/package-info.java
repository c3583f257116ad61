/**
 * Cluster membership verbs: {@code flotilla member list|add|remove|update} and {@code flotilla cluster-health},
 * with etcdctl (API v2) output, plus JSON output for scripts and the fault-tolerance table.
 */
package dev.flotilla.node.cli.cluster;
