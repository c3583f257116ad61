package dev.flotilla.core.unit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * {@code SuccessExitStatus=} / {@code RestartPreventExitStatus=}: space-separated exit codes (0-255) and signal
 * names, accumulated over repeated lines; an empty assignment resets the set.
 */
public record ExitStatusSet(java.util.Set<Integer> statuses, java.util.Set<Integer> signals) {

    public static final ExitStatusSet EMPTY = new ExitStatusSet(java.util.Set.of(), java.util.Set.of());

    public ExitStatusSet {
        statuses = Collections.unmodifiableSet(new TreeSet<>(statuses));
        signals = Collections.unmodifiableSet(new TreeSet<>(signals));
    }

    public boolean isEmpty() {
        return statuses.isEmpty() && signals.isEmpty();
    }

    /** Reads one value; unreadable words become errors and are left out. */
    public static ExitStatusSet parse(String value, List<ValueProblem> problems) {
        TreeSet<Integer> st = new TreeSet<>();
        TreeSet<Integer> sig = new TreeSet<>();
        for (Words.Word w : Words.split(value).words()) {
            String t = w.text();
            if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
                int v = t.length() > 3 ? 256 : Integer.parseInt(t);
                if (v > 255) {
                    problems.add(ValueProblem.error(w.start(), "exit status " + t + " is out of range; expected 0-255"));
                } else {
                    st.add(v);
                }
                continue;
            }
            OptionalInt s = Signals.parse(t);
            if (s.isPresent()) {
                sig.add(s.getAsInt());
            } else {
                problems.add(ValueProblem.error(w.start(), UnitParser.quote(t)
                        + " is neither an exit status (0-255) nor a signal name (e.g. SIGTERM)"));
            }
        }
        return new ExitStatusSet(st, sig);
    }

    /** Accumulates several entries in file order; an empty assignment resets. */
    public static ExitStatusSet merge(List<Entry> entries) {
        TreeSet<Integer> st = new TreeSet<>();
        TreeSet<Integer> sig = new TreeSet<>();
        List<ValueProblem> ignored = new ArrayList<>();
        for (Entry e : entries) {
            if (e.isEmpty()) {
                st.clear();
                sig.clear();
                continue;
            }
            ExitStatusSet one = parse(e.value(), ignored);
            st.addAll(one.statuses());
            sig.addAll(one.signals());
        }
        return new ExitStatusSet(st, sig);
    }
}
