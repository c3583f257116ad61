package dev.flotilla.ui.keys;

import dev.flotilla.ui.connection.ClusterEndpoint;

/**
 * The whole store as read at one moment.
 *
 * @param endpoint  where it was read
 * @param root      the root directory "/"
 * @param etcdIndex the store index the answer was taken at ({@code X-Etcd-Index}), -1 when not sent
 */
public record KeysSnapshot(ClusterEndpoint endpoint, KeyNode root, long etcdIndex) {
}
