package dev.flotilla.core.unit;

import java.time.Duration;
import java.util.Objects;

/**
 * A systemd time span (systemd.time(7)): {@code 2min 200ms}, {@code 5s}, {@code 1.5h}, a bare number of seconds, or
 * {@code infinity}. Units: us/usec/µs, ms/msec, s/sec/second(s), m/min/minute(s), h/hr/hour(s), d/day(s),
 * w/week(s), M/month(s) (30.44 days), y/year(s) (365.25 days). Precision is a microsecond, as in systemd.
 *
 * <p>Note for timeouts: systemd reads {@code TimeoutStartSec=0} as "no timeout"; {@link #zeroMeansInfinity()} applies
 * that rule where it holds.
 */
public final class TimeSpan {
    public static final TimeSpan INFINITY = new TimeSpan(null);

    private static final long US_PER_S = 1_000_000L;
    private static final String[] SUFFIXES = {
        "seconds", "second", "sec", "s", "minutes", "minute", "min", "months", "month", "M", "msec", "ms", "m",
        "hours", "hour", "hr", "h", "days", "day", "d", "weeks", "week", "w", "years", "year", "y",
        "usec", "us", "\u00b5s", "\u03bcs",
    };
    private static final long[] MICROS = {
        US_PER_S, US_PER_S, US_PER_S, US_PER_S, 60 * US_PER_S, 60 * US_PER_S, 60 * US_PER_S,
        2_629_800L * US_PER_S, 2_629_800L * US_PER_S, 2_629_800L * US_PER_S, 1000, 1000, 60 * US_PER_S,
        3600 * US_PER_S, 3600 * US_PER_S, 3600 * US_PER_S, 3600 * US_PER_S,
        86_400 * US_PER_S, 86_400 * US_PER_S, 86_400 * US_PER_S,
        604_800 * US_PER_S, 604_800 * US_PER_S, 604_800 * US_PER_S,
        31_557_600L * US_PER_S, 31_557_600L * US_PER_S, 31_557_600L * US_PER_S,
        1, 1, 1, 1,
    };

    private final Duration duration;

    private TimeSpan(Duration duration) {
        this.duration = duration;
    }

    public static TimeSpan of(Duration d) {
        return new TimeSpan(Objects.requireNonNull(d));
    }

    public boolean isInfinite() {
        return duration == null;
    }

    /** The finite duration; throws for {@link #INFINITY} (check {@link #isInfinite()} first). */
    public Duration duration() {
        if (duration == null) {
            throw new IllegalStateException("infinite time span has no duration");
        }
        return duration;
    }

    /** {@link #INFINITY} for a zero span (systemd's rule for TimeoutStartSec/TimeoutStopSec), otherwise this. */
    public TimeSpan zeroMeansInfinity() {
        return duration != null && duration.isZero() ? INFINITY : this;
    }

    /** Parses a time span; bare numbers are seconds. */
    public static TimeSpan parse(String text) throws ValueException {
        String s = text.strip();
        if (s.equals("infinity")) {
            return INFINITY;
        }
        if (s.isEmpty()) {
            throw new ValueException(0, "empty time span; expected e.g. 5s, 2min 30s, 100ms or infinity");
        }
        long total = 0;
        int i = 0;
        int n = s.length();
        boolean any = false;
        while (true) {
            while (i < n && UnitParser.WHITESPACE.indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int numStart = i;
            while (i < n && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                i++;
            }
            int intEnd = i;
            int fracStart = -1;
            int fracEnd = -1;
            if (i < n && s.charAt(i) == '.') {
                i++;
                fracStart = i;
                while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    i++;
                }
                fracEnd = i;
            }
            if (intEnd == numStart && (fracStart < 0 || fracEnd == fracStart)) {
                throw new ValueException(numStart, "invalid time span " + UnitParser.quote(text)
                        + ": expected a number at " + UnitParser.quote(s.substring(numStart))
                        + " (e.g. 5s, 2min 30s, 100ms or infinity)");
            }
            while (i < n && UnitParser.WHITESPACE.indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            long mult = US_PER_S;
            for (int k = 0; k < SUFFIXES.length; k++) {
                if (s.startsWith(SUFFIXES[k], i)) {
                    mult = MICROS[k];
                    i += SUFFIXES[k].length();
                    break;
                }
            }
            try {
                long whole = intEnd > numStart ? Long.parseLong(s.substring(numStart, intEnd)) : 0;
                long part = Math.multiplyExact(whole, mult);
                if (fracStart >= 0 && fracEnd > fracStart) {
                    // fraction of the unit, truncated to microseconds as systemd does
                    String frac = s.substring(fracStart, Math.min(fracEnd, fracStart + 18));
                    java.math.BigDecimal f = new java.math.BigDecimal("0." + frac).multiply(
                            java.math.BigDecimal.valueOf(mult));
                    part = Math.addExact(part, f.longValue());
                }
                total = Math.addExact(total, part);
            } catch (ArithmeticException | NumberFormatException e) {
                throw new ValueException(numStart, "time span " + UnitParser.quote(text) + " is too large");
            }
            any = true;
            if (i < n && UnitParser.WHITESPACE.indexOf(s.charAt(i)) < 0 && !Character.isDigit(s.charAt(i))
                    && s.charAt(i) != '.') {
                throw new ValueException(i, "invalid time span " + UnitParser.quote(text) + ": unknown unit at "
                        + UnitParser.quote(s.substring(i)) + " (expected us, ms, s, min, h, d, w, M or y)");
            }
        }
        if (!any) {
            throw new ValueException(0, "empty time span; expected e.g. 5s, 2min 30s, 100ms or infinity");
        }
        return new TimeSpan(Duration.ofSeconds(total / US_PER_S, (total % US_PER_S) * 1000));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeSpan t && Objects.equals(t.duration, duration);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(duration);
    }

    @Override
    public String toString() {
        return duration == null ? "infinity" : duration.toString();
    }
}
