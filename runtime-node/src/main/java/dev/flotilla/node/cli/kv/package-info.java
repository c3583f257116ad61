/**
 * The key-value verbs, {@code flotilla kv get|set|mk|mkdir|setdir|update|updatedir|rm|rmdir|ls|watch|exec-watch}:
 * etcdctl (API v2) verbs with the same flags, the same stdout, the same "Error:  ..." lines and exit codes,
 * so scripts written for etcdctl run unchanged.
 */
package dev.flotilla.node.cli.kv;
