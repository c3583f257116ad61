package dev.flotilla.node.store;

import java.time.Instant;

/** The wall clock in epoch nanoseconds (as precise as the platform gives), used where a proposal is made. */
public final class Clock {
    private Clock() {
    }

    public static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
