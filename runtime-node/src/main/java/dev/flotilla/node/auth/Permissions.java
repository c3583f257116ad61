package dev.flotilla.node.auth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A role's key permissions as etcd v2 has them: lists of read and write patterns. A pattern ending in {@code *}
 * covers every key starting with what precedes the star; any other pattern covers exactly that key.
 */
public record Permissions(List<String> read, List<String> write) {
    public static final Permissions NONE = new Permissions(List.of(), List.of());
    public static final Permissions ALL = new Permissions(List.of("/*"), List.of("/*"));

    public Permissions {
        read = List.copyOf(read);
        write = List.copyOf(write);
    }

    public boolean permits(String key, boolean write, boolean recursive) {
        for (String pattern : write ? this.write : this.read) {
            if (matches(pattern, key, recursive)) {
                return true;
            }
        }
        return false;
    }

    /** A recursive request needs a pattern covering the whole subtree: a glob whose prefix the key starts with. */
    static boolean matches(String pattern, String key, boolean recursive) {
        if (pattern.endsWith("*")) {
            String prefix = pattern.substring(0, pattern.length() - 1);
            return key.startsWith(prefix) || (key + "/").equals(prefix);
        }
        return !recursive && pattern.equals(key);
    }

    public Permissions grant(Permissions more) {
        return new Permissions(union(read, more.read), union(write, more.write));
    }

    public Permissions revoke(Permissions less) {
        List<String> r = new ArrayList<>(read);
        r.removeAll(less.read);
        List<String> w = new ArrayList<>(write);
        w.removeAll(less.write);
        return new Permissions(r, w);
    }

    private static List<String> union(List<String> a, List<String> b) {
        LinkedHashSet<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return new ArrayList<>(s);
    }
}
