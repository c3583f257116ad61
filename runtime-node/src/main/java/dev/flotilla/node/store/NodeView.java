package dev.flotilla.node.store;

import java.util.List;

/**
 * An immutable copy of a node as etcd shows it ("NodeExtern"): taken under the store lock, rendered later.
 *
 * @param key           the full key ("/" for the root, which is rendered without a key)
 * @param value         the value of a file, null for a directory
 * @param dir           whether the node is a directory
 * @param expireTime    expiry as epoch nanoseconds, 0 when permanent
 * @param ttl           seconds left when the view was taken (etcd's rounding), 0 when permanent
 * @param modifiedIndex the store index of the last change
 * @param createdIndex  the store index of the creation
 * @param nodes         children (null when not listed)
 */
public record NodeView(String key, String value, boolean dir, long expireTime, long ttl, long modifiedIndex,
                       long createdIndex, List<NodeView> nodes) {

    /** etcd's ttl: ceiling of the time left in seconds (Go integer division, then +1 on a positive remainder). */
    public static long ttlAt(long expireTime, long nowNanos) {
        if (expireTime == 0) {
            return 0;
        }
        long left = expireTime - nowNanos;
        long ttl = left / 1_000_000_000L;
        if (left % 1_000_000_000L > 0) {
            ttl++;
        }
        return ttl;
    }

    public NodeView withIndexes(long modified, long created) {
        return new NodeView(key, value, dir, expireTime, ttl, modified, created, nodes);
    }
}
