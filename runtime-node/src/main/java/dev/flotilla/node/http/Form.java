package dev.flotilla.node.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Form values with Go's net/http rules, which etcd relies on: the urlencoded body first, then the query
 * string; "+" is a space; a bad %-escape or a ";" separator is an error (the first one is reported).
 */
final class Form {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private String error;

    /** Parses one urlencoded string into this form (appending values), remembering the first error. */
    void parse(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        int i = 0;
        int n = encoded.length();
        while (i <= n) {
            int amp = encoded.indexOf('&', i);
            if (amp < 0) {
                amp = n;
            }
            String pair = encoded.substring(i, amp);
            i = amp + 1;
            if (pair.isEmpty()) {
                if (amp == n) {
                    break;
                }
                continue;
            }
            if (pair.indexOf(';') >= 0) {
                fail("invalid semicolon separator in query");
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            String key = unescape(k);
            String value = unescape(v);
            if (key == null || value == null) {
                continue;
            }
            values.computeIfAbsent(key, x -> new ArrayList<>(1)).add(value);
            if (amp == n) {
                break;
            }
        }
    }

    private void fail(String message) {
        if (error == null) {
            error = message;
        }
    }

    /** Go's QueryUnescape; null (and an error recorded) on a malformed escape. */
    private String unescape(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
                    String bad = s.substring(i, Math.min(s.length(), i + 3));
                    fail("invalid URL escape \"" + bad + "\"");
                    return null;
                }
                out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else if (c == '+') {
                out.write(' ');
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    String error() {
        return error;
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    /** The first value, or "" (Go's FormValue). */
    String first(String key) {
        List<String> l = values.get(key);
        return l == null ? "" : l.get(0);
    }
}
