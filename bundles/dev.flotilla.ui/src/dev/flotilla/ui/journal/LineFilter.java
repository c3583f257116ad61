package dev.flotilla.ui.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What the filter and highlight fields mean: plain text matches case-insensitively anywhere in the line, a
 * regular expression (when "Regex" is ticked) is searched for with {@link Matcher#find()}. Empty matches
 * everything (and highlights nothing).
 */
public final class LineFilter {

    public static final LineFilter NONE = new LineFilter("", false, null);

    private final String text;
    private final boolean regex;
    private final Pattern pattern;

    private LineFilter(String text, boolean regex, Pattern pattern) {
        this.text = text;
        this.regex = regex;
        this.pattern = pattern;
    }

    /**
     * @throws IllegalArgumentException for a bad regular expression, saying what is wrong where
     */
    public static LineFilter of(String text, boolean regex) {
        if (text == null || text.isEmpty()) {
            return NONE;
        }
        try {
            Pattern p = regex ? Pattern.compile(text) : Pattern.compile(Pattern.quote(text),
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            return new LineFilter(text, regex, p);
        } catch (PatternSyntaxException e) {
            int at = e.getIndex();
            throw new IllegalArgumentException("Bad regular expression '" + text + "': " + e.getDescription()
                    + (at < 0 ? "" : at >= text.length() ? " at the end" : " at character " + (at + 1)), e);
        }
    }

    public boolean isEmpty() {
        return pattern == null;
    }

    public String text() {
        return text;
    }

    public boolean regex() {
        return regex;
    }

    /** Whether the line's message, unit or machine matches. */
    public boolean matches(JournalLine line) {
        if (pattern == null) {
            return true;
        }
        return find(line.message()) || find(line.unit()) || find(line.machine());
    }

    private boolean find(String s) {
        return s != null && pattern.matcher(s).find();
    }

    /** Where in {@code s} it matches, as [start, end) pairs, at most {@code max} of them. */
    public List<int[]> ranges(CharSequence s, int max) {
        List<int[]> out = new ArrayList<>();
        if (pattern == null) {
            return out;
        }
        Matcher m = pattern.matcher(s);
        while (out.size() < max && m.find()) {
            if (m.end() > m.start()) {
                out.add(new int[] {m.start(), m.end()});
            } else if (m.end() >= s.length()) {
                break;
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return pattern == null ? "(none)" : (regex ? "/" + text + "/" : "'" + text.toLowerCase(Locale.ROOT) + "'");
    }
}
