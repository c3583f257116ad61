package dev.flotilla.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.flotilla.core.api.JournalPage;
import dev.flotilla.ui.journal.JournalBuffer;
import dev.flotilla.ui.journal.JournalLine;
import dev.flotilla.ui.journal.LineFilter;
import dev.flotilla.ui.journal.LineFormat;

/** The Journal view's model without a display: the bounded buffer, the filters, the column layout. */
class JournalBufferTest {

    static JournalLine line(String message) {
        return new JournalLine("a1b2c3d4", "web.service", "12:00:00.000", "stdout", message);
    }

    @Test
    void aFullBufferDropsTheOldestLinesAndCountsThem() {
        AtomicInteger wakeups = new AtomicInteger();
        JournalBuffer b = new JournalBuffer(3, wakeups::incrementAndGet);
        for (int i = 1; i <= 5; i++) {
            b.add(line("l" + i));
        }
        assertEquals(1, wakeups.get(), "one UI wake-up for the whole batch");
        JournalBuffer.Batch batch = b.since(0);
        assertEquals(List.of("l3", "l4", "l5"), batch.lines().stream().map(JournalLine::message).toList());
        assertEquals(2, batch.missed());
        assertEquals(2, batch.dropped());
        assertEquals(5, batch.next());
        b.add(line("l6"));
        assertEquals(2, wakeups.get(), "a line after the drain wakes the UI again");
        JournalBuffer.Batch next = b.since(batch.next());
        assertEquals(List.of("l6"), next.lines().stream().map(JournalLine::message).toList());
        assertEquals(0, next.missed());
        assertEquals(3, b.dropped());
        b.clear();
        assertEquals(0, b.total());
        assertEquals(0, b.dropped());
        assertTrue(b.all().lines().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new JournalBuffer(0, null));
    }

    @Test
    void filtersMatchTextCaseInsensitivelyOrARegexAndSayWhatIsWrongWithABadOne() {
        LineFilter text = LineFilter.of("ERROR", false);
        assertTrue(text.matches(line("an error occurred")));
        assertFalse(text.matches(line("all fine")));
        assertTrue(LineFilter.of("web\\.", true).matches(line("x")), "the unit column matches too");
        assertTrue(LineFilter.of("", true).matches(line("anything")));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> LineFilter.of("a(b", true));
        assertEquals("Bad regular expression 'a(b': Unclosed group at the end", bad.getMessage());
        List<int[]> r = LineFilter.of("o", false).ranges("foo bar", 10);
        assertEquals(2, r.size());
        assertEquals(1, r.get(0)[0]);
        assertEquals(3, r.get(1)[1]);
    }

    @Test
    void columnsAreFixedWidthAndTheTimeAndMachineCanBeHidden() {
        JournalLine l = JournalLine.of("a1b2c3d4", "web.service",
                new JournalPage.Line(7, "2026-12-07T04:00:01.250Z", "stderr", "boom\r"));
        String time = l.time();
        assertTrue(time.matches("\\d\\d:\\d\\d:01\\.250"), time);
        assertEquals(time + "  a1b2c3d4  web.service  boom ", new LineFormat(true, true, 11).format(l));
        assertEquals("web.service     boom ", new LineFormat(false, false, 14).format(l));
        assertEquals("a1b2c3d4  web.…  boom ", new LineFormat(false, true, 5).format(l));
        LineFormat f = new LineFormat(true, true, 11);
        assertEquals(14, f.machineStart());
        assertEquals(24, f.unitStart());
        assertEquals(37, f.messageStart());
    }
}
