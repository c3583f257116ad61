package dev.flotilla.core.unit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

/** Expected diagnostics written as {@code error@LINE:text | warning@LINE:text} or {@code ok}. */
public final class Expectations {
    private Expectations() { }

    record Expected(Severity severity, int line, String text) { }

    static List<Expected> parse(String spec) {
        List<Expected> out = new ArrayList<>();
        if (spec.strip().equals("ok")) {
            return out;
        }
        for (String part : spec.split(" \\| ")) {
            String p = part.strip();
            int at = p.indexOf('@');
            int colon = p.indexOf(':', at);
            Severity s = p.substring(0, at).equals("error") ? Severity.ERROR : Severity.WARNING;
            out.add(new Expected(s, Integer.parseInt(p.substring(at + 1, colon)), p.substring(colon + 1)));
        }
        return out;
    }

    /** Every expected diagnostic is present; errors are exactly the expected ones. */
    public static void check(String file, String spec, List<Diagnostic> actual) {
        List<Expected> expected = parse(spec);
        List<Diagnostic> unmatchedErrors = new ArrayList<>();
        for (Diagnostic d : actual) {
            if (d.isError()) {
                unmatchedErrors.add(d);
            }
        }
        for (Expected e : expected) {
            Diagnostic hit = null;
            for (Diagnostic d : actual) {
                if (d.severity() == e.severity() && d.line() == e.line() && d.message().contains(e.text())) {
                    hit = d;
                    break;
                }
            }
            if (hit == null) {
                fail(file + ": expected " + e.severity().label() + " at line " + e.line() + " containing \""
                        + e.text() + "\", got:\n" + format(actual));
            }
            unmatchedErrors.remove(hit);
            assertTrue(hit.column() >= 1, file + ": diagnostic without column: " + hit);
            assertTrue(hit.file().equals(file), file + ": diagnostic names another file: " + hit);
        }
        if (!unmatchedErrors.isEmpty()) {
            fail(file + ": unexpected errors:\n" + format(unmatchedErrors));
        }
    }

    static String format(List<Diagnostic> ds) {
        StringBuilder b = new StringBuilder();
        for (Diagnostic d : ds) {
            b.append("  ").append(d.format()).append('\n');
        }
        return b.toString();
    }
}
