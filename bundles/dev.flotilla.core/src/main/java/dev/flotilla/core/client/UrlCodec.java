package dev.flotilla.core.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * URL pieces written the way etcd's Go client writes them, so Flotilla's requests look like etcdctl's on
 * the wire: key paths cleaned of {@code //}, {@code .} and {@code ..} (a trailing slash kept) and
 * percent-escaped like Go's {@code url.URL.EscapedPath}; queries and forms sorted by name and escaped
 * like Go's {@code url.Values.Encode}.
 */
public final class UrlCodec {
    private UrlCodec() {
    }

    /** {@code a//b/../c/} → {@code /a/c/}: always absolute, cleaned, trailing slash preserved. */
    public static String cleanPath(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String seg : path.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(seg);
            }
        }
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            b.append('/').append(p);
        }
        if (b.length() == 0) {
            return "/";
        }
        if (path.endsWith("/")) {
            b.append('/');
        }
        return b.toString();
    }

    /** Percent-escapes a path, leaving unreserved characters, {@code /} and {@code $&+,:;=@} as they are. */
    public static String escapePath(String path) {
        return escape(path, false);
    }

    /** Escapes one query value or form field (space becomes {@code +}). */
    public static String escapeQuery(String s) {
        return escape(s, true);
    }

    /** {@code a=1&b=x+y}, names sorted, as Go's url.Values.Encode. */
    public static String encodeForm(Map<String, String> values) {
        StringJoiner j = new StringJoiner("&");
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
            j.add(escapeQuery(e.getKey()) + "=" + escapeQuery(e.getValue()));
        }
        return j.toString();
    }

    private static String escape(String s, boolean query) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 8);
        for (byte raw : bytes) {
            int c = raw & 0xff;
            if (isUnreserved(c) || (!query && "/$&+,:;=@".indexOf(c) >= 0)) {
                out.write(c);
            } else if (query && c == ' ') {
                out.write('+');
            } else {
                out.write('%');
                out.write(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
                out.write(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~';
    }
}
