package dev.flotilla.ui.keys;

import java.util.Collection;
import java.util.TreeMap;

/**
 * One key or directory as the browser shows it. Mutable and owned by the UI thread: watch events change
 * entries in place, so the tree keeps its expansion and selection while the store changes under it.
 */
public final class KeyEntry {

    private final String key;
    private final KeyEntry parent;
    private final TreeMap<String, KeyEntry> children = new TreeMap<>();
    private boolean dir;
    private String value;
    private long createdIndex;
    private long modifiedIndex;
    /** System.nanoTime() when the key expires, 0 without a TTL: counts down without trusting clocks. */
    private long expiresAtNanos;

    KeyEntry(String key, KeyEntry parent, boolean dir) {
        this.key = key;
        this.parent = parent;
        this.dir = dir;
    }

    /** The full path, "/" for the root. */
    public String key() {
        return key;
    }

    /** The last path segment ("machines" for "/flotilla/machines"). */
    public String name() {
        if (key.equals("/")) {
            return "/";
        }
        return key.substring(key.lastIndexOf('/') + 1);
    }

    public KeyEntry parent() {
        return parent;
    }

    public boolean dir() {
        return dir;
    }

    /** The value of a key, null for a directory. */
    public String value() {
        return value;
    }

    public long createdIndex() {
        return createdIndex;
    }

    public long modifiedIndex() {
        return modifiedIndex;
    }

    /** Children in key order. */
    public Collection<KeyEntry> children() {
        return children.values();
    }

    KeyEntry child(String name) {
        return children.get(name);
    }

    KeyEntry addChild(String name, boolean isDir) {
        KeyEntry e = new KeyEntry(key.equals("/") ? "/" + name : key + "/" + name, this, isDir);
        children.put(name, e);
        return e;
    }

    boolean removeChild(String name) {
        return children.remove(name) != null;
    }

    void set(boolean isDir, String newValue, long created, long modified, long ttlSeconds, long nowNanos) {
        dir = isDir;
        value = isDir ? null : newValue;
        createdIndex = created;
        modifiedIndex = modified;
        expiresAtNanos = ttlSeconds > 0 ? nowNanos + ttlSeconds * 1_000_000_000L : 0;
        if (!isDir) {
            children.clear();
        }
    }

    /** Seconds left before the key expires at {@code nowNanos}, null when it does not expire. */
    public Long ttlLeft(long nowNanos) {
        if (expiresAtNanos == 0) {
            return null;
        }
        return Math.max(0, (expiresAtNanos - nowNanos + 999_999_999L) / 1_000_000_000L);
    }

    /** Number of keys (not directories) in this subtree. */
    public int keyCount() {
        if (!dir) {
            return 1;
        }
        int n = 0;
        for (KeyEntry child : children.values()) {
            n += child.keyCount();
        }
        return n;
    }

    @Override
    public String toString() {
        return key;
    }
}
