package dev.flotilla.node.cli;

import picocli.CommandLine;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a duration as both parents of the CLI write it: fleetctl's seconds ({@code 3}, {@code 1.5}) and
 * etcdctl's Go durations ({@code 2s}, {@code 500ms}, {@code 1m30s}).
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        Duration d = parse(value);
        if (d == null || d.isZero() || d.isNegative()) {
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not a positive duration; write seconds (3, 1.5) or a Go duration (500ms, 2s, 1m30s)");
        }
        return d;
    }

    static Duration parse(String value) {
        String s = value.trim();
        if (s.matches("\\d+(\\.\\d+)?")) {
            return nanos(new BigDecimal(s).multiply(BigDecimal.valueOf(1_000_000_000L)));
        }
        Matcher m = PART.matcher(s);
        int pos = 0;
        BigDecimal total = BigDecimal.ZERO;
        while (pos < s.length()) {
            if (!m.find(pos) || m.start() != pos) {
                return null;
            }
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total = total.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
            pos = m.end();
        }
        return pos == 0 ? null : nanos(total);
    }

    private static Duration nanos(BigDecimal n) {
        return Duration.ofNanos(n.longValue());
    }
}
