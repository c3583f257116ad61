package dev.flotilla.core.unit;

import java.util.ArrayList;
import java.util.List;

/**
 * systemd's word splitting with quoting and C escapes ({@code extract_first_word} with UNQUOTE|CUNESCAPE, as used
 * for Exec lines and {@code Environment=}): words are separated by whitespace; {@code "..."} and {@code '...'} quote
 * (also in the middle of a word); a backslash escape works inside both kinds of quotes and outside them:
 * {@code \a \b \f \n \r \t \v \\ \" \' \s} (space), {@code \xHH}, {@code \NNN} (octal), {@code \\uHHHH},
 * {@code \\UHHHHHHHH}. Unknown escapes are kept as written with a warning (systemd: "Ignoring unknown escape
 * sequences"); unbalanced quotes are an error and systemd ignores the whole line.
 */
public final class Words {

    /** One word after unquoting; {@code start}/{@code end} are offsets of its source text in the value. */
    public record Word(String text, int start, int end) { }

    /** The words of a value and the problems met; when {@link #failed()} the words are incomplete. */
    public record Result(List<Word> words, List<ValueProblem> problems, boolean failed) {
        public List<String> texts() {
            List<String> out = new ArrayList<>(words.size());
            for (Word w : words) {
                out.add(w.text());
            }
            return out;
        }
    }

    private Words() { }

    public static Result split(String s) {
        List<Word> words = new ArrayList<>();
        List<ValueProblem> problems = new ArrayList<>(0);
        boolean warnedEscape = false;
        int i = 0;
        int n = s.length();
        while (true) {
            while (i < n && isSeparator(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return new Result(words, problems, false);
            }
            int start = i;
            StringBuilder b = new StringBuilder();
            char quote = 0;
            int quoteStart = -1;
            while (i < n) {
                char c = s.charAt(i);
                if (quote == 0 && isSeparator(c)) {
                    break;
                }
                if (c == '\\') {
                    if (i + 1 >= n) {
                        problems.add(ValueProblem.warning(i, "trailing backslash kept as written"));
                        b.append('\\');
                        i++;
                        continue;
                    }
                    int consumed = unescape(s, i + 1, b);
                    if (consumed < 0) {
                        if (!warnedEscape) {
                            problems.add(ValueProblem.warning(i, "unknown escape sequence \\" + s.charAt(i + 1)
                                    + " is kept as written (systemd ignores unknown escapes with a warning); "
                                    + "write \\\\ for a literal backslash"));
                            warnedEscape = true;
                        }
                        b.append('\\').append(s.charAt(i + 1));
                        i += 2;
                    } else {
                        i += 1 + consumed;
                    }
                    continue;
                }
                if (quote == 0 && (c == '"' || c == '\'')) {
                    quote = c;
                    quoteStart = i;
                    i++;
                    continue;
                }
                if (quote != 0 && c == quote) {
                    quote = 0;
                    i++;
                    continue;
                }
                b.append(c);
                i++;
            }
            if (quote != 0) {
                problems.add(ValueProblem.error(quoteStart, "unbalanced quoting: the " + (quote == '"' ? "double" : "single")
                        + " quote opened here is never closed; systemd ignores this whole line"));
                return new Result(words, problems, true);
            }
            words.add(new Word(b.toString(), start, i));
        }
    }

    static boolean isSeparator(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /**
     * Decodes the escape whose letter is at {@code at} into {@code out}; returns the number of chars consumed after
     * the backslash, or -1 for an unknown or invalid escape (nothing appended).
     */
    static int unescape(String s, int at, StringBuilder out) {
        char c = s.charAt(at);
        switch (c) {
            case 'a': out.append('\u0007'); return 1;
            case 'b': out.append('\b'); return 1;
            case 'f': out.append('\f'); return 1;
            case 'n': out.append('\n'); return 1;
            case 'r': out.append('\r'); return 1;
            case 't': out.append('\t'); return 1;
            case 'v': out.append('\u000b'); return 1;
            case '\\': out.append('\\'); return 1;
            case '"': out.append('"'); return 1;
            case '\'': out.append('\''); return 1;
            case 's': out.append(' '); return 1;
            case 'x': {
                int v = hex(s, at + 1, 2);
                if (v <= 0) {
                    return -1; // \x00 is refused like an unknown escape
                }
                out.append((char) v);
                return 3;
            }
            case 'u': {
                int v = hex(s, at + 1, 4);
                if (v <= 0 || !Character.isValidCodePoint(v) || Character.isSurrogate((char) v)) {
                    return -1;
                }
                out.appendCodePoint(v);
                return 5;
            }
            case 'U': {
                int v = hex(s, at + 1, 8);
                if (v <= 0 || !Character.isValidCodePoint(v) || (v >= 0xD800 && v <= 0xDFFF)) {
                    return -1;
                }
                out.appendCodePoint(v);
                return 9;
            }
            default:
                if (c >= '0' && c <= '7') {
                    if (at + 3 > s.length()) {
                        return -1;
                    }
                    int v = 0;
                    for (int k = 0; k < 3; k++) {
                        char d = s.charAt(at + k);
                        if (d < '0' || d > '7') {
                            return -1;
                        }
                        v = v * 8 + (d - '0');
                    }
                    if (v == 0 || v > 0377) {
                        return -1;
                    }
                    out.append((char) v);
                    return 3;
                }
                return -1;
        }
    }

    private static int hex(String s, int from, int digits) {
        if (from + digits > s.length()) {
            return -1;
        }
        long v = 0;
        for (int k = 0; k < digits; k++) {
            int d = Character.digit(s.charAt(from + k), 16);
            if (d < 0 || s.charAt(from + k) > 127) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }
}
