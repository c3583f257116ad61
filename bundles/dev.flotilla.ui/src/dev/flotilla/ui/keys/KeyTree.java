package dev.flotilla.ui.keys;

import java.util.ArrayList;
import java.util.List;

import dev.flotilla.core.api.KeyNode;
import dev.flotilla.core.client.KeysResult;

/**
 * The store as the browser knows it: built from a recursive read, then kept current by applying watch
 * events one by one. UI thread only.
 */
public final class KeyTree {

    private final KeyEntry root = new KeyEntry("/", null, true);

    public KeyEntry root() {
        return root;
    }

    /** Puts a recursively read subtree in place (the root "/" or a hidden directory such as "/_flotilla"). */
    public void load(KeyNode node, long nowNanos) {
        if (node.key() == null || node.key().equals("/")) {
            for (KeyNode child : node.children()) {
                load(child, nowNanos);
            }
            return;
        }
        KeyEntry entry = ensure(node.key(), node.dir(), nowNanos);
        entry.set(node.dir(), node.value(), node.createdIndex(), node.modifiedIndex(), node.ttl(), nowNanos);
        for (KeyNode child : node.children()) {
            load(child, nowNanos);
        }
    }

    /** The entry at {@code key}, or null. */
    public KeyEntry find(String key) {
        KeyEntry at = root;
        for (String segment : segments(key)) {
            at = at.child(segment);
            if (at == null) {
                return null;
            }
        }
        return at;
    }

    /**
     * Applies one watch event.
     *
     * @return the entry whose children changed (to refresh), the changed entry itself when only its
     *         value or TTL changed, or null when nothing visible changed
     */
    public Change apply(KeysResult event, long nowNanos) {
        KeyNode node = event.node();
        if (node == null || node.key() == null) {
            return null;
        }
        String action = event.action();
        if ("delete".equals(action) || "expire".equals(action) || "compareAndDelete".equals(action)) {
            KeyEntry gone = find(node.key());
            if (gone == null || gone.parent() == null) {
                return null;
            }
            gone.parent().removeChild(gone.name());
            return new Change(gone.parent(), true);
        }
        KeyEntry existing = find(node.key());
        if (existing != null && existing.dir() == node.dir()) {
            existing.set(node.dir(), node.value(), node.createdIndex(), node.modifiedIndex(), node.ttl(), nowNanos);
            return new Change(existing, false);
        }
        // the deepest directory that exists already is what the viewer knows and must refresh
        KeyEntry anchor = deepestExistingDirAbove(node.key());
        KeyEntry created = ensure(node.key(), node.dir(), nowNanos);
        created.set(node.dir(), node.value(), node.createdIndex(), node.modifiedIndex(), node.ttl(), nowNanos);
        return new Change(anchor, true);
    }

    /** What an event changed: {@code structure} means the children of {@code entry} changed. */
    public record Change(KeyEntry entry, boolean structure) {
    }

    private KeyEntry deepestExistingDirAbove(String key) {
        List<String> segments = segments(key);
        KeyEntry at = root;
        for (int i = 0; i < segments.size() - 1; i++) {
            KeyEntry next = at.child(segments.get(i));
            if (next == null || !next.dir()) {
                break;
            }
            at = next;
        }
        return at;
    }

    private KeyEntry ensure(String key, boolean dir, long nowNanos) {
        List<String> segments = segments(key);
        KeyEntry at = root;
        for (int i = 0; i < segments.size(); i++) {
            boolean last = i == segments.size() - 1;
            KeyEntry next = at.child(segments.get(i));
            if (next == null || (!last && !next.dir())) {
                at.removeChild(segments.get(i));
                next = at.addChild(segments.get(i), !last || dir);
            }
            at = next;
        }
        return at;
    }

    static List<String> segments(String key) {
        List<String> out = new ArrayList<>();
        for (String s : key.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
