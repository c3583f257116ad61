package dev.flotilla.core.unit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Environment=} values: each value holds one or more {@code NAME=value} words, quoted and escaped as in
 * {@link Words} ({@code Environment="A=1" "B=two words"}). Later assignments override earlier ones; an empty
 * {@code Environment=} resets everything set before it.
 */
public final class EnvironmentAssignments {

    /** The assignments of one value, in order, and problems (invalid words are skipped, as systemd does). */
    public record Parsed(Map<String, String> assignments, List<ValueProblem> problems) { }

    private EnvironmentAssignments() { }

    /** systemd's env_name_is_valid: not empty, no '=', printable ASCII, not starting with a digit. */
    public static boolean isValidName(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    public static Parsed parse(String value) {
        Words.Result r = Words.split(value);
        List<ValueProblem> problems = new ArrayList<>(r.problems());
        Map<String, String> out = new LinkedHashMap<>();
        if (r.failed()) {
            return new Parsed(out, problems);
        }
        for (Words.Word w : r.words()) {
            String t = w.text();
            int eq = t.indexOf('=');
            if (eq <= 0 || !isValidName(t.substring(0, eq))) {
                problems.add(ValueProblem.warning(w.start(), "invalid environment assignment "
                        + UnitParser.quote(t) + " is ignored; expected NAME=value with NAME made of letters, digits "
                        + "and '_' not starting with a digit"));
                continue;
            }
            out.put(t.substring(0, eq), t.substring(eq + 1));
        }
        return new Parsed(out, problems);
    }

    /** The environment of several {@code Environment=} entries in file order, honouring resets. */
    public static Map<String, String> merge(List<Entry> entries) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (e.isEmpty()) {
                env.clear();
            } else {
                env.putAll(parse(e.value()).assignments());
            }
        }
        return env;
    }
}
