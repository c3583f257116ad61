package dev.flotilla.node.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    @TempDir
    Path dir;

    @Test
    void linesGetIncreasingCursorsAndSurviveReopening() {
        try (Journals journals = new Journals(dir)) {
            Journal j = journals.journal("web.service");
            j.append(JournalStream.AGENT, "Starting web.service...");
            j.append(JournalStream.STDOUT, "one\ntwo\r\n");
            j.append(JournalStream.STDERR, "tab\there");
            assertEquals(4, j.lastCursor());
        }
        try (Journals journals = new Journals(dir)) {
            Journal j = journals.existing("web.service").orElseThrow();
            List<JournalEntry> all = j.tail(100);
            assertEquals(List.of("Starting web.service...", "one", "two", "tab\there"),
                    all.stream().map(JournalEntry::message).toList());
            assertEquals(List.of(1L, 2L, 3L, 4L), all.stream().map(JournalEntry::cursor).toList());
            assertEquals(JournalStream.STDERR, all.get(3).stream());
            JournalEntry next = j.append(JournalStream.STDOUT, "after restart");
            assertEquals(5, next.cursor());
            assertEquals(List.of("two", "tab\there"), j.afterCursor(2, 2).stream().map(JournalEntry::message).toList());
        }
    }

    @Test
    void rotationBoundsTheSizeAndKeepsCursorsGoing() throws Exception {
        long segment = 4096;
        int segments = 3;
        try (Journals journals = new Journals(dir, segment, segments)) {
            Journal j = journals.journal("chatty.service");
            for (int i = 1; i <= 2000; i++) {
                j.append(JournalStream.STDOUT, "line " + i + " of a chatty unit");
            }
            long total;
            try (Stream<Path> files = Files.list(dir.resolve("chatty.service"))) {
                total = files.mapToLong(p -> p.toFile().length()).sum();
            }
            assertTrue(total <= segment * segments, "journal bounded, but is " + total + " bytes");
            assertEquals("line 2000 of a chatty unit", j.tail(1).get(0).message());
        }
        try (Journals journals = new Journals(dir, segment, segments)) {
            Journal j = journals.journal("chatty.service");
            // after reopening only what rotation kept is there, and it is contiguous up to the last line
            List<JournalEntry> kept = j.tail(5000);
            assertTrue(kept.size() < 2000 && kept.size() > 100, "kept " + kept.size());
            assertEquals(2000, kept.get(kept.size() - 1).cursor());
            for (int i = 1; i < kept.size(); i++) {
                assertEquals(kept.get(i - 1).cursor() + 1, kept.get(i).cursor());
            }
            assertEquals(2001, j.append(JournalStream.STDOUT, "more").cursor());
        }
    }

    @Test
    void readsSinceATimeAndFromDiskBeyondTheMemoryWindow() throws Exception {
        try (Journals journals = new Journals(dir)) {
            Journal j = journals.journal("a.service");
            for (int i = 1; i <= Journal.RECENT + 10; i++) {
                j.append(JournalStream.STDOUT, "n" + i);
            }
            assertEquals("n1", j.afterCursor(0, 1).get(0).message()); // older than the in-memory window
            assertEquals(Journal.RECENT + 10, j.tail(Journal.RECENT + 100).size());
            Thread.sleep(5);
            Instant mark = Instant.now();
            j.append(JournalStream.STDOUT, "late");
            assertEquals(List.of("late"), j.since(mark, 10).stream().map(JournalEntry::message).toList());
        }
    }

    @Test
    void followDeliversBacklogThenLiveLinesWithoutGaps() {
        try (Journals journals = new Journals(dir)) {
            Journal j = journals.journal("f.service");
            j.append(JournalStream.STDOUT, "old1");
            j.append(JournalStream.STDOUT, "old2");
            List<String> seen = new ArrayList<>();
            try (JournalSubscription s = j.follow(x -> x.tail(1), e -> seen.add(e.message()))) {
                j.append(JournalStream.STDOUT, "new");
                assertEquals(1, j.followerCount());
            }
            j.append(JournalStream.STDOUT, "unseen");
            assertEquals(List.of("old2", "new"), seen);
            assertEquals(0, j.followerCount());
        }
    }

    @Test
    void badUnitNamesAreRejected() {
        try (Journals journals = new Journals(dir)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> journals.journal("../etc"));
            assertTrue(e.getMessage().contains("'../etc'"), e.getMessage());
            assertTrue(journals.existing("nothing.service").isEmpty());
        }
    }
}
