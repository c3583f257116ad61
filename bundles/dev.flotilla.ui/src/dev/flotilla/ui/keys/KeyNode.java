package dev.flotilla.ui.keys;

import java.util.List;

/**
 * One node of the store as the etcd v2 keys API describes it: a directory with children or a key with a
 * value. Immutable; a refresh builds a new tree.
 *
 * @param key           the full path, "/" for the root
 * @param dir           whether this is a directory
 * @param value         the value of a key, {@code null} for directories
 * @param ttl           seconds left before it expires, {@code null} when it does not expire
 * @param createdIndex  store index of its creation (0 for the root)
 * @param modifiedIndex store index of its last change (0 for the root)
 * @param children      the children of a directory, sorted by key; empty for keys
 */
public record KeyNode(String key, boolean dir, String value, Long ttl, long createdIndex, long modifiedIndex,
        List<KeyNode> children) {

    public KeyNode {
        children = children == null ? List.of() : List.copyOf(children);
    }

    /** The last path segment ("machines" for "/flotilla/machines"), "/" for the root. */
    public String name() {
        if (key == null || key.equals("/") || key.isEmpty()) {
            return "/";
        }
        int slash = key.lastIndexOf('/', key.endsWith("/") ? key.length() - 2 : key.length() - 1);
        return key.substring(slash + 1);
    }

    /** Number of keys (not directories) in this subtree. */
    public int keyCount() {
        if (!dir) {
            return 1;
        }
        int n = 0;
        for (KeyNode child : children) {
            n += child.keyCount();
        }
        return n;
    }
}
