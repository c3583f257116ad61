package dev.flotilla.node.agent.process;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Linux signal names and numbers (x86-64 / arm64 numbering, which agree for the signals listed). */
public final class Signals {
    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
            Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("BUS", 7), Map.entry("FPE", 8),
            Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11), Map.entry("USR2", 12),
            Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15), Map.entry("STKFLT", 16),
            Map.entry("CHLD", 17), Map.entry("CONT", 18), Map.entry("STOP", 19), Map.entry("TSTP", 20),
            Map.entry("TTIN", 21), Map.entry("TTOU", 22), Map.entry("URG", 23), Map.entry("XCPU", 24),
            Map.entry("XFSZ", 25), Map.entry("VTALRM", 26), Map.entry("PROF", 27), Map.entry("WINCH", 28),
            Map.entry("IO", 29), Map.entry("PWR", 30), Map.entry("SYS", 31));

    private Signals() {
    }

    /** The number of a signal given as {@code SIGTERM}, {@code TERM} or {@code 15}; empty when unknown. */
    public static Optional<Integer> number(String signal) {
        if (signal == null || signal.isBlank()) {
            return Optional.empty();
        }
        String s = signal.trim().toUpperCase(Locale.ROOT);
        if (s.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(s);
            return n >= 1 && n <= 64 ? Optional.of(n) : Optional.empty();
        }
        if (s.startsWith("SIG")) {
            s = s.substring(3);
        }
        return Optional.ofNullable(NUMBERS.get(s));
    }

    /** The short name of a signal number ({@code TERM}), or the number itself when it has no name here. */
    public static String name(int number) {
        for (Map.Entry<String, Integer> e : NUMBERS.entrySet()) {
            if (e.getValue() == number) {
                return e.getKey();
            }
        }
        return Integer.toString(number);
    }
}
