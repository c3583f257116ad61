package dev.flotilla.node.cli.fleet;

import dev.flotilla.core.api.JournalPage;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** journalctl's "short" output: {@code Aug 21 19:07:38 core-03 hello.service[stdout]: Hello, world}. */
final class JournalFormat {
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ENGLISH)
            .withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter HEADER = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm:ss zzz",
            Locale.ENGLISH).withZone(ZoneId.systemDefault());

    private JournalFormat() {}

    static String line(JournalPage.Line l, String host, String unit) {
        return time(l.time(), SHORT) + " " + host + " " + unit + "[" + l.stream() + "]: " + l.message();
    }

    /** journalctl's first line: {@code -- Logs begin at ..., end at ... --}. */
    static String header(List<JournalPage.Line> lines) {
        if (lines.isEmpty()) {
            return "-- No entries --";
        }
        return "-- Logs begin at " + time(lines.get(0).time(), HEADER) + ", end at "
                + time(lines.get(lines.size() - 1).time(), HEADER) + ". --";
    }

    private static String time(String iso, DateTimeFormatter f) {
        try {
            return f.format(Instant.parse(iso));
        } catch (DateTimeParseException | NullPointerException e) {
            return String.valueOf(iso);
        }
    }
}
