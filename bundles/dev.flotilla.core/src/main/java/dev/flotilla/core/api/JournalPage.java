package dev.flotilla.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * {@code GET /flotilla/v1/journal/{unit}?lines=N}: the last lines of a unit's journal on the machine that runs it.
 *
 * @param unit    the unit
 * @param cursor  the cursor of the last entry (ask again with {@code cursor=} for what follows)
 * @param entries oldest first
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"unit", "cursor", "entries"})
public record JournalPage(String unit, long cursor, List<Line> entries) {
    public JournalPage {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    /**
     * One journal entry (also the {@code data} of a followed journal's SSE {@code entry} events).
     *
     * @param cursor  its position in the journal
     * @param time    when it was written, ISO-8601
     * @param stream  stdout, stderr, or agent (the agent's own notes: started, exited, ...)
     * @param message the line, without its newline
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"cursor", "time", "stream", "message"})
    public record Line(long cursor, String time, String stream, String message) {
    }
}
