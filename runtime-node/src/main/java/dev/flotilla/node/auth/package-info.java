/**
 * etcd v2 authentication: users, roles and per-prefix key permissions kept in the replicated store under the
 * hidden {@code /_auth} directory, password hashing, and the decision whether a request may read or write a key.
 */
package dev.flotilla.node.auth;
