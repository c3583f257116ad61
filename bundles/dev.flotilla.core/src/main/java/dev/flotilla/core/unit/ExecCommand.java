package dev.flotilla.core.unit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One command of an Exec line: its prefixes, the program to execute and the argument vector (argv[0] included),
 * all after unquoting but before environment variable substitution ({@link #expand}).
 */
public record ExecCommand(Set<ExecPrefix> prefixes, String program, List<String> argv) {

    public ExecCommand {
        prefixes = Collections.unmodifiableSet(prefixes.isEmpty() ? EnumSet.noneOf(ExecPrefix.class)
                : EnumSet.copyOf(prefixes));
        argv = List.copyOf(argv);
    }

    public boolean has(ExecPrefix p) {
        return prefixes.contains(p);
    }

    public boolean ignoresFailure() {
        return has(ExecPrefix.IGNORE_FAILURE);
    }

    /** The arguments after argv[0]. */
    public List<String> arguments() {
        return argv.subList(1, argv.size());
    }

    /**
     * The argument vector after systemd's environment substitution: a word that is exactly {@code $NAME} becomes the
     * variable's value split at whitespace (zero or more words); {@code ${NAME}} anywhere in a word is replaced by the
     * value as it is (one word, also when it holds spaces; {@code ${NAME:-default}} and {@code ${NAME:+alt}} as in
     * systemd); {@code $$} is a literal {@code $}; any other {@code $} stays as written (so {@code $FOO} inside a
     * longer word reaches the program, usually a shell, unchanged). Unset variables expand to nothing. With the
     * {@code :} prefix nothing is substituted.
     */
    public List<String> expand(Map<String, String> env) {
        if (has(ExecPrefix.NO_ENVIRONMENT_EXPANSION)) {
            return argv;
        }
        List<String> out = new ArrayList<>(argv.size());
        for (String w : argv) {
            if (w.length() > 1 && w.charAt(0) == '$' && EnvironmentAssignments.isValidName(w.substring(1))) {
                String v = env.get(w.substring(1));
                if (v != null) {
                    for (String part : v.split("[ \t\n\r]+")) {
                        if (!part.isEmpty()) {
                            out.add(part);
                        }
                    }
                }
                continue;
            }
            out.add(substitute(w, env));
        }
        return out;
    }

    static String substitute(String w, Map<String, String> env) {
        if (w.indexOf('$') < 0) {
            return w;
        }
        StringBuilder b = new StringBuilder(w.length());
        int i = 0;
        int n = w.length();
        while (i < n) {
            char c = w.charAt(i);
            if (c != '$' || i + 1 >= n) {
                b.append(c);
                i++;
                continue;
            }
            char d = w.charAt(i + 1);
            if (d == '$') {
                b.append('$');
                i += 2;
            } else if (d == '{') {
                int close = w.indexOf('}', i + 2);
                if (close < 0) {
                    b.append(w, i, n); // no closing brace: kept literally
                    break;
                }
                String inner = w.substring(i + 2, close);
                String name = inner;
                String op = null;
                String arg = null;
                int colon = inner.indexOf(':');
                if (colon > 0 && colon + 1 < inner.length() && (inner.charAt(colon + 1) == '-'
                        || inner.charAt(colon + 1) == '+')) {
                    name = inner.substring(0, colon);
                    op = inner.substring(colon, colon + 2);
                    arg = inner.substring(colon + 2);
                }
                String v = env.get(name);
                if (op == null) {
                    b.append(v == null ? "" : v);
                } else if (op.equals(":-")) {
                    b.append(v == null || v.isEmpty() ? arg : v);
                } else {
                    b.append(v == null || v.isEmpty() ? "" : arg);
                }
                i = close + 1;
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }
}
