package dev.flotilla.ui.journal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import dev.flotilla.core.api.JournalPage;

/**
 * One journal line as the view shows it: which machine and unit wrote it, when (already formatted, so the UI
 * thread does not parse dates), on which stream, and the text.
 *
 * @param machine short machine ID (8 characters, like fleetctl), or "-" when unknown
 * @param unit    the unit
 * @param time    local time of day, HH:mm:ss.SSS
 * @param stream  stdout, stderr or agent
 * @param message the line, without its newline
 */
public record JournalLine(String machine, String unit, String time, String stream, String message) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    /** The line as a followed journal sends it. */
    public static JournalLine of(String machine, String unit, JournalPage.Line line) {
        return new JournalLine(machine, unit, time(line.time()), line.stream() == null ? "stdout" : line.stream(),
                line.message() == null ? "" : line.message());
    }

    /** "HH:mm:ss.SSS" of an ISO-8601 instant; the text itself when it is not one. */
    static String time(String iso) {
        if (iso == null || iso.isEmpty()) {
            return "";
        }
        try {
            return TIME.format(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /** The time formatted as the view shows it, for lines made elsewhere (the benchmark's generator). */
    public static String time(Instant at) {
        return TIME.format(at);
    }

    boolean stderr() {
        return "stderr".equals(stream);
    }

    boolean agent() {
        return "agent".equals(stream);
    }
}
