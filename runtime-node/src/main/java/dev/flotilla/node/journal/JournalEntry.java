package dev.flotilla.node.journal;

import java.time.Instant;
import java.util.Objects;

/**
 * One journal line.
 *
 * @param cursor  the line's sequence number in its unit's journal: strictly increasing, never reused, also across
 *                restarts and rotation, so a reader can resume "after cursor C"
 * @param time    when the line was written (microsecond precision)
 * @param stream  where it came from
 * @param message the text, without its line terminator
 */
public record JournalEntry(long cursor, Instant time, JournalStream stream, String message) {
    public JournalEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(message, "message");
    }
}
