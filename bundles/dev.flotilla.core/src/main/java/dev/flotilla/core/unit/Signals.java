package dev.flotilla.core.unit;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/** Linux signal names and numbers as systemd accepts them ({@code SIGTERM}, {@code TERM}, {@code 15}, RTMIN+n). */
public final class Signals {
    /** Index = signal number (x86-64 Linux); empty for unused numbers. */
    private static final List<String> NAMES = List.of("", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE",
            "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
            "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");
    private static final int RTMIN = 34;
    private static final int RTMAX = 64;

    private Signals() { }

    /** The signal number of a name or number, or empty when it is not a signal. */
    public static OptionalInt parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            return OptionalInt.empty();
        }
        if (s.chars().allMatch(Character::isDigit) && s.length() <= 3) {
            int v = Integer.parseInt(s);
            return v >= 1 && v <= RTMAX ? OptionalInt.of(v) : OptionalInt.empty();
        }
        String u = s.toUpperCase(Locale.ROOT);
        if (!s.equals(u)) {
            return OptionalInt.empty();
        }
        if (u.startsWith("SIG")) {
            u = u.substring(3);
        }
        if (u.equals("IOT")) {
            return OptionalInt.of(6);
        }
        if (u.equals("POLL")) {
            return OptionalInt.of(29);
        }
        int idx = NAMES.indexOf(u);
        if (idx > 0) {
            return OptionalInt.of(idx);
        }
        if (u.startsWith("RTMIN") || u.startsWith("RTMAX")) {
            int base = u.startsWith("RTMIN") ? RTMIN : RTMAX;
            String rest = u.substring(5);
            if (rest.isEmpty()) {
                return OptionalInt.of(base);
            }
            if (rest.length() >= 2 && rest.length() <= 3 && (rest.charAt(0) == '+' || rest.charAt(0) == '-')
                    && rest.substring(1).chars().allMatch(Character::isDigit)) {
                int v = base + Integer.parseInt(rest);
                return v >= RTMIN && v <= RTMAX ? OptionalInt.of(v) : OptionalInt.empty();
            }
        }
        return OptionalInt.empty();
    }

    /** The conventional name ({@code SIGTERM}) of a signal number. */
    public static String name(int number) {
        if (number > 0 && number < NAMES.size()) {
            return "SIG" + NAMES.get(number);
        }
        return number >= RTMIN && number <= RTMAX ? "SIGRTMIN+" + (number - RTMIN) : String.valueOf(number);
    }
}
