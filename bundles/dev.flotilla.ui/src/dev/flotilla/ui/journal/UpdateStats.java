package dev.flotilla.ui.journal;

import java.util.Arrays;

/**
 * How long the UI thread spent per journal update (draining a batch into the text widget and painting it):
 * the last 100,000 updates, as p50/p99/max. The benchmark prints these; the view does not need them.
 */
public final class UpdateStats {

    /** A summary: update count, lines shown, and UI-thread milliseconds per update. */
    public record Summary(int updates, long lines, double p50, double p99, double max) {
        @Override
        public String toString() {
            return String.format("%d updates, %d lines, UI thread per update p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                    updates, lines, p50, p99, max);
        }
    }

    private final long[] nanos = new long[100_000];
    private int count;
    private long lines;

    synchronized void record(long elapsedNanos, int linesInUpdate) {
        nanos[count % nanos.length] = elapsedNanos;
        count++;
        lines += linesInUpdate;
    }

    public synchronized void reset() {
        count = 0;
        lines = 0;
    }

    public synchronized Summary summary() {
        int n = Math.min(count, nanos.length);
        if (n == 0) {
            return new Summary(0, 0, 0, 0, 0);
        }
        long[] s = Arrays.copyOf(nanos, n);
        Arrays.sort(s);
        return new Summary(count, lines, ms(s[(int) Math.min(n - 1, Math.round(0.50 * (n - 1)))]),
                ms(s[(int) Math.min(n - 1, Math.round(0.99 * (n - 1)))]), ms(s[n - 1]));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
