package dev.flotilla.node.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes JSON byte-compatible with etcd's Go encoding/json: field order of etcd's structs, omitted empty
 * fields, HTML-safe escaping ({@code &} as \u0026) and RFC 3339 timestamps with trimmed nanoseconds.
 */
public final class EtcdJson {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private EtcdJson() {
    }

    /** A node in etcd's NodeExtern field order: key, value|dir, expiration, ttl, nodes, modifiedIndex, createdIndex. */
    public static void node(StringBuilder sb, NodeView n) {
        sb.append('{');
        boolean first = true;
        if (!"/".equals(n.key())) {
            sb.append("\"key\":");
            string(sb, n.key());
            first = false;
        }
        if (n.value() != null) {
            sb.append(first ? "" : ",").append("\"value\":");
            string(sb, n.value());
            first = false;
        }
        if (n.dir()) {
            sb.append(first ? "" : ",").append("\"dir\":true");
            first = false;
        }
        if (n.expireTime() != 0) {
            sb.append(first ? "" : ",").append("\"expiration\":\"");
            rfc3339Nano(sb, n.expireTime());
            sb.append('"');
            first = false;
        }
        if (n.ttl() != 0) {
            sb.append(first ? "" : ",").append("\"ttl\":").append(n.ttl());
            first = false;
        }
        if (n.nodes() != null && !n.nodes().isEmpty()) {
            sb.append(first ? "" : ",").append("\"nodes\":[");
            for (int i = 0; i < n.nodes().size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                node(sb, n.nodes().get(i));
            }
            sb.append(']');
            first = false;
        }
        if (n.modifiedIndex() != 0) {
            sb.append(first ? "" : ",").append("\"modifiedIndex\":").append(n.modifiedIndex());
            first = false;
        }
        if (n.createdIndex() != 0) {
            sb.append(first ? "" : ",").append("\"createdIndex\":").append(n.createdIndex());
        }
        sb.append('}');
    }

    /** Go's time.RFC3339Nano in UTC: fractional seconds without trailing zeros, none when zero. */
    public static void rfc3339Nano(StringBuilder sb, long epochNanos) {
        long secs = Math.floorDiv(epochNanos, 1_000_000_000L);
        int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
        sb.append(SECONDS.format(Instant.ofEpochSecond(secs)));
        if (nanos != 0) {
            String frac = Integer.toString(nanos + 1_000_000_000).substring(1);
            int end = frac.length();
            while (frac.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(frac, 0, end);
        }
        sb.append('Z');
    }

    public static String rfc3339Nano(long epochNanos) {
        StringBuilder sb = new StringBuilder(32);
        rfc3339Nano(sb, epochNanos);
        return sb.toString();
    }

    /** A JSON string as Go's encoder writes it (HTML escaping on, U+2028/2029 escaped). */
    public static void string(StringBuilder sb, String s) {
        sb.append('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> unicode(sb, c);
                default -> {
                    if (c < 0x20) {
                        unicode(sb, c);
                    } else if (Character.isSurrogate(c)) {
                        // a lone surrogate is invalid UTF-8 in Go's eyes: it writes U+FFFD
                        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                            sb.append(c).append(s.charAt(++i));
                        } else {
                            sb.append("\\ufffd");
                        }
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static void unicode(StringBuilder sb, char c) {
        sb.append("\\u").append(HEX[(c >> 12) & 15]).append(HEX[(c >> 8) & 15]).append(HEX[(c >> 4) & 15])
                .append(HEX[c & 15]);
    }
}
