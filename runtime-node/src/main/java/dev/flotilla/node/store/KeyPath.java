package dev.flotilla.node.store;

/** Key path normalisation exactly as etcd does it with Go's {@code path.Clean(path.Join("/", p))}. */
public final class KeyPath {
    private KeyPath() {
    }

    /** Returns the cleaned absolute form of {@code p}: no empty, "." or ".." segments, no trailing slash. */
    public static String clean(String p) {
        String s = "/" + (p == null ? "" : p);
        int n = s.length();
        StringBuilder out = new StringBuilder(n);
        out.append('/');
        int r = 1;
        while (r < n) {
            if (s.charAt(r) == '/') {
                r++;
            } else if (s.charAt(r) == '.' && (r + 1 == n || s.charAt(r + 1) == '/')) {
                r++;
            } else if (s.charAt(r) == '.' && s.charAt(r + 1) == '.' && (r + 2 == n || s.charAt(r + 2) == '/')) {
                r += 2;
                int len = out.length();
                if (len > 1) {
                    int cut = out.lastIndexOf("/");
                    out.setLength(Math.max(cut, 1));
                }
            } else {
                if (out.length() > 1) {
                    out.append('/');
                }
                while (r < n && s.charAt(r) != '/') {
                    out.append(s.charAt(r++));
                }
            }
        }
        return out.toString();
    }

    /** The parent directory of a cleaned path ("/" for "/a"). */
    public static String parent(String clean) {
        int i = clean.lastIndexOf('/');
        return i <= 0 ? "/" : clean.substring(0, i);
    }

    /** The last segment of a cleaned path. */
    public static String name(String clean) {
        return clean.substring(clean.lastIndexOf('/') + 1);
    }

    /** etcd's isHidden: does keyPath have a "_" segment below watchPath? */
    static boolean isHidden(String watchPath, String keyPath) {
        if (watchPath.length() > keyPath.length()) {
            return false;
        }
        String after = clean(keyPath.substring(watchPath.length()));
        return after.contains("/_");
    }
}
