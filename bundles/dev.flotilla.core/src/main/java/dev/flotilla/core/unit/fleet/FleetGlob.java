package dev.flotilla.core.unit.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * Glob matching as fleet does it for {@code Conflicts} and {@code Replaces} (Go's {@code path.Match}): {@code *}
 * matches any run of characters except {@code /}, {@code ?} one such character, {@code [a-z]} / {@code [^a-z]}
 * a class, a backslash escapes the next character. A malformed pattern matches nothing, as in fleet (which ignores
 * the error).
 */
public final class FleetGlob {
    private FleetGlob() { }

    private record CharClass(int end, boolean negate, List<char[]> ranges) {
        boolean test(char c) {
            boolean in = false;
            for (char[] r : ranges) {
                if (c >= r[0] && c <= r[1]) {
                    in = true;
                    break;
                }
            }
            return in != negate;
        }
    }

    public static boolean matches(String pattern, String name) {
        if (!isWellFormed(pattern)) {
            return false;
        }
        return match(pattern, 0, name, 0);
    }

    /** True when the pattern is well formed (fleet silently ignores malformed ones). */
    public static boolean isWellFormed(String p) {
        try {
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (c == '\\') {
                    if (i + 1 >= p.length()) {
                        return false;
                    }
                    i++;
                } else if (c == '[') {
                    i = parseClass(p, i + 1).end() - 1;
                }
            }
            return true;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static boolean match(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            switch (c) {
                case '*': {
                    while (pi < p.length() && p.charAt(pi) == '*') {
                        pi++;
                    }
                    for (int k = si; k <= s.length(); k++) {
                        if (match(p, pi, s, k)) {
                            return true;
                        }
                        if (k < s.length() && s.charAt(k) == '/') {
                            return false;
                        }
                    }
                    return false;
                }
                case '?':
                    if (si >= s.length() || s.charAt(si) == '/') {
                        return false;
                    }
                    pi++;
                    si++;
                    break;
                case '[': {
                    CharClass cc = parseClass(p, pi + 1);
                    if (si >= s.length() || s.charAt(si) == '/' || !cc.test(s.charAt(si))) {
                        return false;
                    }
                    pi = cc.end();
                    si++;
                    break;
                }
                case '\\':
                    if (si >= s.length() || s.charAt(si) != p.charAt(pi + 1)) {
                        return false;
                    }
                    pi += 2;
                    si++;
                    break;
                default:
                    if (si >= s.length() || s.charAt(si) != c) {
                        return false;
                    }
                    pi++;
                    si++;
            }
        }
        return si == s.length();
    }

    /** Parses a class whose content starts at {@code i} (just after '['); throws when malformed. */
    private static CharClass parseClass(String p, int i) {
        boolean negate = false;
        if (i < p.length() && p.charAt(i) == '^') {
            negate = true;
            i++;
        }
        List<char[]> ranges = new ArrayList<>();
        while (true) {
            if (i < p.length() && p.charAt(i) == ']' && !ranges.isEmpty()) {
                return new CharClass(i + 1, negate, ranges);
            }
            int[] lo = escaped(p, i);
            int[] hi = lo;
            if (lo[1] < p.length() && p.charAt(lo[1]) == '-') {
                hi = escaped(p, lo[1] + 1);
                if (hi[0] < lo[0]) {
                    throw new IllegalArgumentException("bad range");
                }
            }
            ranges.add(new char[] {(char) lo[0], (char) hi[0]});
            i = hi[1];
        }
    }

    /** A class character at {@code i}: {char, next index}; '-' and ']' must be escaped there. */
    private static int[] escaped(String p, int i) {
        if (i >= p.length() || p.charAt(i) == '-' || p.charAt(i) == ']') {
            throw new IllegalArgumentException("bad class");
        }
        if (p.charAt(i) == '\\') {
            i++;
            if (i >= p.length()) {
                throw new IllegalArgumentException("bad escape");
            }
        }
        return new int[] {p.charAt(i), i + 1};
    }
}
