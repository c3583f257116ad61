/**
 * The access-control verbs, {@code flotilla auth enable|disable}, {@code flotilla user add|get|list|remove|grant|
 * revoke|passwd} and {@code flotilla role add|get|list|remove|grant|revoke}: etcdctl (API v2) verbs over the node's
 * {@code /v2/auth} API, with etcdctl's flags, stdout lines, plain error lines (the server's message) and exit 1.
 */
package dev.flotilla.node.cli.auth;
