package dev.flotilla.node.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The table the fault tests print: per scenario and kind of fault, how many were injected, what the clients had
 * acknowledged, how much of it was lost, linearizability violations, and the time to recover. Rows from every
 * fault test of the run are kept (one JVM runs them all) and the whole table is rewritten to
 * {@code target/faults-report.txt} after each scenario, so the file always holds the run so far.
 */
public final class FaultReport {
    /** One line of the table; acknowledged/lost/violations are those of the scenario's whole history. */
    public record Row(String scenario, String fault, int injected, int acknowledged, int lost, int violations,
                      List<Long> recoveryMillis) {
    }

    private static final List<Row> ROWS = new ArrayList<>();

    private FaultReport() {
    }

    public static synchronized void add(Row row) {
        ROWS.add(row);
        String table = table();
        System.out.println(table);
        try {
            Path out = Path.of(System.getProperty("flotilla.faults.report", "target/faults-report.txt"));
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, table);
        } catch (IOException e) {
            System.err.println("faults report not written: " + e);
        }
    }

    static synchronized String table() {
        StringBuilder sb = new StringBuilder();
        String fmt = "%-14s %-38s %8s %10s %6s %10s %24s%n";
        sb.append(String.format(fmt, "scenario", "fault", "injected", "acked-ops", "lost", "lin-viol",
                "recover ms (median/max)"));
        int injected = 0;
        int lost = 0;
        int violations = 0;
        for (Row r : ROWS) {
            sb.append(String.format(fmt, r.scenario(), r.fault(), r.injected(), r.acknowledged(), r.lost(),
                    r.violations(), recovery(r.recoveryMillis())));
            injected += r.injected();
            lost += r.lost();
            violations += r.violations();
        }
        sb.append(String.format(fmt, "TOTAL", "", injected, "", lost, violations, ""));
        return sb.toString();
    }

    private static String recovery(List<Long> millis) {
        if (millis.isEmpty()) {
            return "-";
        }
        List<Long> sorted = new ArrayList<>();
        for (long m : millis) {
            sorted.add(m < 0 ? Long.MAX_VALUE : m);
        }
        Collections.sort(sorted);
        long max = sorted.get(sorted.size() - 1);
        long median = sorted.get(sorted.size() / 2);
        return (median == Long.MAX_VALUE ? "never" : Long.toString(median)) + " / "
                + (max == Long.MAX_VALUE ? "never" : Long.toString(max));
    }
}
