package dev.flotilla.node.journal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The journal of one unit: an append-only sequence of {@link JournalEntry} lines kept in segment files under its own
 * directory.
 *
 * <p>On disk each line is {@code cursor TAB epochMicros TAB streamCode TAB message}; the message is last, so tabs in
 * it need no escaping, and newlines cannot occur because appends are split into lines. The active segment is
 * {@code journal.0.log}; when it would exceed the segment size it is renamed to {@code journal.1.log} (older ones
 * shift up, the oldest beyond the segment count is deleted), which bounds the journal to about
 * {@code segmentBytes * segments}. Cursors continue across rotation and reopening: on open the last valid line of the
 * newest non-empty segment gives the next cursor. A torn last line (crash mid-write) is skipped.
 *
 * <p>Every append is flushed to the operating system before it is handed to followers, so what a follower saw is
 * also what a reader after a restart sees. The most recent lines are also kept in memory so that the common reads
 * (last N, since a recent cursor) and follows do not touch the disk.
 */
public final class Journal implements AutoCloseable {

    /** How many recent entries are kept in memory to serve tail and since-cursor reads without the disk. */
    static final int RECENT = 4096;

    private final String unit;
    private final Path dir;
    private final long segmentBytes;
    private final int segments;
    private final Object lock = new Object();
    private final ArrayDeque<JournalEntry> recent = new ArrayDeque<>();
    private final List<Consumer<JournalEntry>> followers = new CopyOnWriteArrayList<>();
    private OutputStream out;
    private long activeBytes;
    private long nextCursor;
    private long lastMicros;
    private boolean closed;

    Journal(String unit, Path dir, long segmentBytes, int segments) throws IOException {
        if (segmentBytes < 1024) {
            throw new IllegalArgumentException("journal segment size must be at least 1024 bytes, got " + segmentBytes);
        }
        if (segments < 1) {
            throw new IllegalArgumentException("journal segment count must be at least 1, got " + segments);
        }
        this.unit = unit;
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.segments = segments;
        Files.createDirectories(dir);
        List<JournalEntry> existing = readAllFromDisk();
        nextCursor = existing.isEmpty() ? 1 : existing.get(existing.size() - 1).cursor() + 1;
        for (int i = Math.max(0, existing.size() - RECENT); i < existing.size(); i++) {
            recent.addLast(existing.get(i));
        }
        if (!existing.isEmpty()) {
            lastMicros = toMicros(existing.get(existing.size() - 1).time());
        }
        Path active = segment(0);
        activeBytes = Files.exists(active) ? Files.size(active) : 0;
        out = Files.newOutputStream(active, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The unit this journal belongs to. */
    public String unit() {
        return unit;
    }

    /**
     * Appends a message; a message with several lines becomes several entries (a trailing line terminator is
     * dropped, {@code \r\n} counts as one).
     *
     * @return the last entry written
     */
    public JournalEntry append(JournalStream stream, String message) {
        JournalEntry last = null;
        int start = 0;
        int len = message.length();
        if (len > 0 && message.charAt(len - 1) == '\n') {
            len--;
        }
        do {
            int nl = message.indexOf('\n', start);
            int end = nl < 0 || nl > len ? len : nl;
            int lineEnd = end > start && message.charAt(end - 1) == '\r' ? end - 1 : end;
            last = appendLine(stream, message.substring(start, lineEnd));
            start = end + 1;
        } while (start <= len);
        return last;
    }

    private JournalEntry appendLine(JournalStream stream, String line) {
        JournalEntry entry;
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("journal of " + unit + " is closed");
            }
            // Timestamps never go backwards within a journal, so "since time" reads stay consistent with cursors.
            long micros = Math.max(toMicros(Instant.now()), lastMicros);
            lastMicros = micros;
            entry = new JournalEntry(nextCursor++, fromMicros(micros), stream, line);
            byte[] bytes = (entry.cursor() + "\t" + micros + "\t" + stream.code() + "\t" + line + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            try {
                if (activeBytes > 0 && activeBytes + bytes.length > segmentBytes) {
                    rotate();
                }
                out.write(bytes);
                out.flush();
                activeBytes += bytes.length;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write journal of " + unit + " in " + dir, e);
            }
            recent.addLast(entry);
            if (recent.size() > RECENT) {
                recent.removeFirst();
            }
            // Delivered under the lock so a follower sees entries in cursor order and never misses one between its
            // backlog read and its registration (see follow).
            for (Consumer<JournalEntry> f : followers) {
                f.accept(entry);
            }
        }
        return entry;
    }

    private void rotate() throws IOException {
        out.close();
        Files.deleteIfExists(segment(segments - 1));
        for (int i = segments - 2; i >= 0; i--) {
            if (Files.exists(segment(i))) {
                Files.move(segment(i), segment(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        out = Files.newOutputStream(segment(0), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        activeBytes = 0;
    }

    /** The cursor of the newest entry, 0 when the journal is empty. */
    public long lastCursor() {
        synchronized (lock) {
            return nextCursor - 1;
        }
    }

    /** The last {@code n} entries, oldest first. */
    public List<JournalEntry> tail(int n) {
        if (n <= 0) {
            return List.of();
        }
        synchronized (lock) {
            if (n <= recent.size() || recent.isEmpty() || recent.peekFirst().cursor() == 1) {
                return lastOf(new ArrayList<>(recent), n);
            }
            return lastOf(readAllFromDisk(), n);
        }
    }

    /** Entries with a cursor greater than {@code cursor}, oldest first, at most {@code limit} of them. */
    public List<JournalEntry> afterCursor(long cursor, int limit) {
        synchronized (lock) {
            return afterCursorLocked(cursor, limit);
        }
    }

    private List<JournalEntry> afterCursorLocked(long cursor, int limit) {
        Iterable<JournalEntry> source = !recent.isEmpty() && recent.peekFirst().cursor() <= cursor + 1
                ? recent : readAllFromDisk();
        List<JournalEntry> result = new ArrayList<>();
        for (JournalEntry e : source) {
            if (e.cursor() > cursor) {
                if (result.size() >= limit) {
                    break;
                }
                result.add(e);
            }
        }
        return result;
    }

    /** Entries written at or after {@code time}, oldest first, at most {@code limit} of them. */
    public List<JournalEntry> since(Instant time, int limit) {
        synchronized (lock) {
            Iterable<JournalEntry> source = !recent.isEmpty() && !recent.peekFirst().time().isAfter(time)
                    ? recent : readAllFromDisk();
            List<JournalEntry> result = new ArrayList<>();
            for (JournalEntry e : source) {
                if (!e.time().isBefore(time)) {
                    if (result.size() >= limit) {
                        break;
                    }
                    result.add(e);
                }
            }
            return result;
        }
    }

    /**
     * Follows the journal: {@code backlog} entries are delivered first, then every new entry as it is appended, in
     * cursor order with no gap. The consumer runs on the appending thread while the journal is locked, so it must
     * only hand the entry on (enqueue it), never block.
     *
     * @param backlog the entries to deliver before live ones, typically from {@link #tail} or {@link #afterCursor};
     *                computed inside the journal's lock so nothing is appended in between
     */
    public JournalSubscription follow(java.util.function.Function<Journal, List<JournalEntry>> backlog,
                                      Consumer<JournalEntry> consumer) {
        synchronized (lock) {
            for (JournalEntry e : backlog.apply(this)) {
                consumer.accept(e);
            }
            followers.add(consumer);
        }
        return () -> followers.remove(consumer);
    }

    /** Number of live followers (for status pages and tests of unsubscription). */
    public int followerCount() {
        return followers.size();
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            followers.clear();
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close journal of " + unit, e);
            }
        }
    }

    private Path segment(int i) {
        return dir.resolve("journal." + i + ".log");
    }

    private List<JournalEntry> readAllFromDisk() {
        List<JournalEntry> all = new ArrayList<>();
        long last = 0;
        for (int i = segments; i >= 0; i--) { // oldest first; index == segments only exists after a count change
            Path p = segment(i);
            try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(p),
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                            .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
                String line;
                while ((line = r.readLine()) != null) {
                    JournalEntry e = parse(line);
                    if (e != null && e.cursor() > last) {
                        all.add(e);
                        last = e.cursor();
                    }
                }
            } catch (NoSuchFileException e) {
                // segment not written yet
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read journal segment " + p, e);
            }
        }
        return all;
    }

    private static JournalEntry parse(String line) {
        int a = line.indexOf('\t');
        int b = a < 0 ? -1 : line.indexOf('\t', a + 1);
        int c = b < 0 ? -1 : line.indexOf('\t', b + 1);
        if (c != b + 2) {
            return null;
        }
        JournalStream stream = JournalStream.ofCode(line.charAt(b + 1));
        if (stream == null) {
            return null;
        }
        try {
            long cursor = Long.parseLong(line, 0, a, 10);
            long micros = Long.parseLong(line, a + 1, b, 10);
            return new JournalEntry(cursor, fromMicros(micros), stream, line.substring(c + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<JournalEntry> lastOf(List<JournalEntry> all, int n) {
        return all.size() <= n ? all : new ArrayList<>(all.subList(all.size() - n, all.size()));
    }

    static long toMicros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    static Instant fromMicros(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
