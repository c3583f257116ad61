package dev.flotilla.ui.journal;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} lines of a tab, in arrival order, shared by the follow jobs (writers, any thread)
 * and the UI thread (reader). Every line gets a sequence number; the reader asks for what came after the last
 * number it showed and learns how many it missed because the ring overwrote them. A full ring drops its
 * oldest lines and counts them: memory stays bounded however fast a unit writes.
 * <p>
 * {@code onFirstPending} runs (on the writer's thread) when lines arrive while none were waiting, so the UI
 * schedules one drain per batch, not one per line.
 */
public final class JournalBuffer {

    /** What arrived after a given sequence number. */
    public record Batch(List<JournalLine> lines, long missed, long next, long dropped) {
    }

    private final Object lock = new Object();
    private JournalLine[] ring;
    private long next; // sequence number of the next line, = lines ever added
    private long floor; // lines before this were cleared by the user
    private boolean pending;
    private final Runnable onFirstPending;

    public JournalBuffer(int capacity, Runnable onFirstPending) {
        if (capacity < 1) {
            throw new IllegalArgumentException("journal buffer capacity must be at least 1, not " + capacity);
        }
        this.ring = new JournalLine[capacity];
        this.onFirstPending = onFirstPending;
    }

    /** Adds one line, dropping the oldest when full; the follow job's path. */
    public void add(JournalLine line) {
        boolean first;
        synchronized (lock) {
            ring[(int) (next % ring.length)] = line;
            next++;
            first = !pending;
            pending = true;
        }
        if (first && onFirstPending != null) {
            onFirstPending.run();
        }
    }

    /** Adds lines in order, as {@link #add} would one by one, notifying at most once. */
    public void addAll(List<JournalLine> lines) {
        if (lines.isEmpty()) {
            return;
        }
        boolean first;
        synchronized (lock) {
            for (JournalLine line : lines) {
                ring[(int) (next % ring.length)] = line;
                next++;
            }
            first = !pending;
            pending = true;
        }
        if (first && onFirstPending != null) {
            onFirstPending.run();
        }
    }

    /** The lines after sequence number {@code after} that the ring still holds; clears the pending flag. */
    public Batch since(long after) {
        synchronized (lock) {
            pending = false;
            long from = Math.max(Math.max(after, floor), next - ring.length);
            List<JournalLine> out = new ArrayList<>((int) (next - from));
            for (long s = from; s < next; s++) {
                out.add(ring[(int) (s % ring.length)]);
            }
            return new Batch(out, from - Math.max(after, floor), next, droppedLocked());
        }
    }

    /** All lines held, oldest first (a rebuild after the filter or the columns changed). */
    public Batch all() {
        return since(0);
    }

    /** Forgets the lines held so far (the Clear action); later lines and drops count from here. */
    public void clear() {
        synchronized (lock) {
            floor = next;
            java.util.Arrays.fill(ring, null);
        }
    }

    /** Lines the ring overwrote since the last clear, shown as "N dropped". */
    public long dropped() {
        synchronized (lock) {
            return droppedLocked();
        }
    }

    private long droppedLocked() {
        return Math.max(0, next - floor - ring.length);
    }

    /** Lines ever added (since the last clear). */
    public long total() {
        synchronized (lock) {
            return next - floor;
        }
    }

    public int capacity() {
        synchronized (lock) {
            return ring.length;
        }
    }

    /** Number of lines currently held. */
    public int size() {
        synchronized (lock) {
            return (int) Math.min(next - floor, ring.length);
        }
    }
}
