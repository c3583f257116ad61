package dev.flotilla.node.store;

import java.util.List;
import java.util.TreeMap;

/** A node of the tree: a file (value) or a directory (children kept in key order). Guarded by the store lock. */
final class StoreNode {
    final String path;
    final String name;
    StoreNode parent;
    String value;
    final TreeMap<String, StoreNode> children;
    long createdIndex;
    long modifiedIndex;
    long expireTime;

    private StoreNode(String path, StoreNode parent, String value, boolean dir, long index, long expireTime) {
        this.path = path;
        this.name = KeyPath.name(path);
        this.parent = parent;
        this.value = dir ? null : value;
        this.children = dir ? new TreeMap<>() : null;
        this.createdIndex = index;
        this.modifiedIndex = index;
        this.expireTime = expireTime;
    }

    static StoreNode file(String path, StoreNode parent, String value, long index, long expireTime) {
        return new StoreNode(path, parent, value, false, index, expireTime);
    }

    static StoreNode dir(String path, StoreNode parent, long index, long expireTime) {
        return new StoreNode(path, parent, null, true, index, expireTime);
    }

    boolean isDir() {
        return children != null;
    }

    boolean isPermanent() {
        return expireTime == 0;
    }

    boolean isHidden() {
        return name.startsWith("_");
    }

    /** etcd's Repr: the node, with children (minus hidden ones) when recursive. */
    NodeView view(boolean recursive, long now) {
        long ttl = NodeView.ttlAt(expireTime, now);
        if (!isDir()) {
            return new NodeView(path, value, false, expireTime, ttl, modifiedIndex, createdIndex, null);
        }
        return new NodeView(path, null, true, expireTime, ttl, modifiedIndex, createdIndex,
                recursive ? listChildren(true, now) : null);
    }

    /** Children (minus hidden ones) in key order; each a full subtree when recursive. */
    List<NodeView> listChildren(boolean recursive, long now) {
        List<NodeView> list = new java.util.ArrayList<>(children.size());
        for (StoreNode c : children.values()) {
            if (!c.isHidden()) {
                list.add(c.view(recursive, now));
            }
        }
        return list;
    }
}
