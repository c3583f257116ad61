package dev.flotilla.core.unit.fleet;

import dev.flotilla.core.unit.UnitFile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hash fleet gives a unit file, as {@code fleetctl list-unit-files} shows it (full with {@code -full}, else the
 * first 7 hex digits).
 *
 * <p>fleet never hashes the file's bytes. fleetctl parses the file with go-systemd's {@code unit.Deserialize} into
 * (section, name, value) options and sends those; fleet's {@code UnitFile.Hash()} is the SHA-1 of
 * {@code unit.Serialize(options)}: for each section in order of first appearance, {@code [Section]\n}, then
 * {@code Name=Value\n} for each of its options in order, sections separated by an empty line. So comments, blank
 * lines, spacing around {@code =} and repeated section headers do not change the hash, while the order of options
 * does. This class reproduces go-systemd's lexer as vendored in fleet v1.0 with its quirks: a value keeps its
 * continuation backslashes and newlines, comment lines inside a continuation are part of the value, an empty line
 * ends a continuation, and with CRLF line endings the {@code \r} stays in the value (continuations then do not
 * work). Text is handled as UTF-8; a file that is not valid UTF-8 may hash differently than in fleet.
 *
 * <p>When go-systemd refuses the file (a line without {@code =}, a {@code [} without {@code ]}, text after a
 * section header) fleet has no hash for it: {@link #of} returns empty.
 */
public final class FleetHash {
    private FleetHash() { }

    /** One go-systemd option. */
    public record Option(String section, String name, String value) { }

    /**
     * What go-systemd made of a file: its options, or the error it stopped at (message and 1-based line).
     */
    public record Parsed(List<Option> options, String error, int errorLine) {
        public boolean ok() {
            return error == null;
        }
    }

    /** The full 40-hex SHA-1, or empty when fleet could not parse the file. */
    public static Optional<String> of(UnitFile file) {
        return of(file.toBytes());
    }

    public static Optional<String> of(byte[] raw) {
        return of(parse(new String(raw, StandardCharsets.UTF_8)));
    }

    /** The hash of what go-systemd parsed, or empty when it refused the file. */
    public static Optional<String> of(Parsed parsed) {
        return parsed.ok() ? Optional.of(sha1(serialize(parsed.options()))) : Optional.empty();
    }

    /** fleet's short form: the first 7 hex digits. */
    public static String shortForm(String hash) {
        return hash.substring(0, Math.min(7, hash.length()));
    }

    /** go-systemd's Serialize. */
    public static String serialize(List<Option> options) {
        Map<String, List<Option>> bySection = new LinkedHashMap<>();
        for (Option o : options) {
            bySection.computeIfAbsent(o.section(), k -> new ArrayList<>()).add(o);
        }
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (Map.Entry<String, List<Option>> s : bySection.entrySet()) {
            b.append('[').append(s.getKey()).append("]\n");
            for (Option o : s.getValue()) {
                b.append(o.name()).append('=').append(o.value()).append('\n');
            }
            if (++i < bySection.size()) {
                b.append('\n');
            }
        }
        return b.toString();
    }

    /** go-systemd's Deserialize, with the error it reports. */
    public static Parsed parse(String text) {
        Lexer l = new Lexer(text);
        String error = l.run();
        if (error == null) {
            return new Parsed(List.copyOf(l.options), null, 0);
        }
        int line = 1;
        for (int i = 0; i < Math.min(l.errorAt, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return new Parsed(List.of(), error, line);
    }

    private static String sha1(String s) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    /** A transcription of go-systemd's state machine over a string. */
    private static final class Lexer {
        private final String s;
        private int pos;
        private final List<Option> options = new ArrayList<>();

        Lexer(String s) {
            this.s = s;
        }

        private int errorAt;

        /** Runs the lexer; returns null on success or go-systemd's error message (position in errorAt). */
        String run() {
            // before the first section: skip to '[', ignoring comment lines
            while (true) {
                if (pos >= s.length()) {
                    return null;
                }
                char c = s.charAt(pos++);
                if (c == '[') {
                    break;
                }
                if (c == '#' || c == ';') {
                    ignoreLine();
                }
            }
            String section = sectionName();
            if (section == null) {
                return sectionError;
            }
            while (true) {
                if (pos >= s.length()) {
                    return null;
                }
                char c = s.charAt(pos++);
                if (isGoSpace(c)) {
                    continue;
                }
                if (c == '[') {
                    section = sectionName();
                    if (section == null) {
                        return sectionError;
                    }
                    continue;
                }
                if (c == '#' || c == ';') {
                    ignoreLine();
                    continue;
                }
                pos--;
                int eq = -1;
                for (int i = pos; i < s.length(); i++) {
                    char d = s.charAt(i);
                    if (d == '\n' || d == '\r') {
                        errorAt = pos;
                        return "unexpected newline encountered while parsing option name";
                    }
                    if (d == '=') {
                        eq = i;
                        break;
                    }
                }
                if (eq < 0) {
                    errorAt = pos;
                    return "unexpected end of file while parsing option name";
                }
                String name = goTrim(s.substring(pos, eq));
                pos = eq + 1;
                options.add(new Option(section, name, value()));
            }
        }

        private String sectionError;

        /** After '[': the name up to ']' (may span lines), then only whitespace until end of line. */
        private String sectionName() {
            errorAt = pos;
            int close = s.indexOf(']', pos);
            if (close < 0) {
                sectionError = "unable to find end of section";
                return null;
            }
            String name = s.substring(pos, close);
            pos = close + 1;
            String garbage = goTrim(toEol());
            if (!garbage.isEmpty()) {
                sectionError = "found garbage after section name " + name + ": " + garbage;
                return null;
            }
            return name;
        }

        private void ignoreLine() {
            while (true) {
                boolean eof = pos >= s.length();
                String line = toEol();
                if (line.endsWith(" ")) {
                    line = line.substring(0, line.length() - 1);
                }
                if (!line.endsWith("\\") || eof) {
                    return;
                }
            }
        }

        private String value() {
            StringBuilder partial = new StringBuilder();
            while (true) {
                boolean eof = s.indexOf('\n', pos) < 0;
                String line = toEol();
                if (goTrim(line).isEmpty()) {
                    break;
                }
                partial.append(line);
                if (!line.endsWith("\\")) {
                    break;
                }
                if (!eof) {
                    partial.append('\n');
                } else {
                    break;
                }
            }
            String val = partial.toString();
            return val.endsWith("\n") ? goTrim(val) + "\n" : goTrim(val);
        }

        /** Reads to the end of the line: the line without its "\n" (and without a lone trailing "\r"). */
        private String toEol() {
            int nl = s.indexOf('\n', pos);
            String line;
            if (nl < 0) {
                line = s.substring(pos);
                pos = s.length();
                if (line.endsWith("\r")) {
                    line = line.substring(0, line.length() - 1);
                }
            } else {
                line = s.substring(pos, nl); // TrimSuffix("\r") sees the "\n" first, so a CR before it stays
                pos = nl + 1;
            }
            return line;
        }

        private static boolean isGoSpace(char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r' || c == '\u0085'
                    || c == '\u00a0' || Character.isSpaceChar(c);
        }

        private static String goTrim(String v) {
            int a = 0;
            int b = v.length();
            while (a < b && isGoSpace(v.charAt(a))) {
                a++;
            }
            while (b > a && isGoSpace(v.charAt(b - 1))) {
                b--;
            }
            return v.substring(a, b);
        }
    }
}
