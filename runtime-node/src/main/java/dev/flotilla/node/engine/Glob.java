package dev.flotilla.node.engine;

import java.util.regex.Pattern;

/**
 * A unit-name glob as fleet matched them (Go's {@code path.Match}: {@code *}, {@code ?}, {@code [...]} classes,
 * {@code \} escapes). Keeps the literal prefix before the first wildcard so callers can narrow candidates with a
 * sorted index instead of matching every name.
 */
public final class Glob {
    private final String text;
    private final String literalPrefix;
    private final Pattern pattern; // null when the glob is a plain name

    private Glob(String text, String literalPrefix, Pattern pattern) {
        this.text = text;
        this.literalPrefix = literalPrefix;
        this.pattern = pattern;
    }

    public static Glob compile(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder prefix = new StringBuilder();
        boolean wild = false;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> { wild = true; regex.append("[^/]*"); }
                case '?' -> { wild = true; regex.append("[^/]"); }
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) { // an unclosed class is literal text, as the name can never match a bad pattern
                        regex.append(Pattern.quote("["));
                        if (!wild) prefix.append(c);
                        break;
                    }
                    wild = true;
                    String body = glob.substring(i + 1, end);
                    if (body.startsWith("^")) body = "!" + body.substring(1);
                    regex.append('[');
                    if (body.startsWith("!")) { regex.append('^'); body = body.substring(1); }
                    regex.append(body.replace("\\", "\\\\").replace("[", "\\["));
                    regex.append(']');
                    i = end;
                }
                case '\\' -> {
                    if (i + 1 < glob.length()) {
                        char n = glob.charAt(++i);
                        regex.append(Pattern.quote(String.valueOf(n)));
                        if (!wild) prefix.append(n);
                    } else {
                        regex.append(Pattern.quote("\\"));
                        if (!wild) prefix.append(c);
                    }
                }
                default -> {
                    regex.append(Pattern.quote(String.valueOf(c)));
                    if (!wild) prefix.append(c);
                }
            }
        }
        return new Glob(glob, prefix.toString(), wild ? Pattern.compile(regex.toString()) : null);
    }

    public boolean matches(String name) {
        return pattern == null ? literalPrefix.equals(name) : pattern.matcher(name).matches();
    }

    /** Every name this glob matches starts with this. */
    public String literalPrefix() {
        return literalPrefix;
    }

    public boolean isLiteral() {
        return pattern == null;
    }

    @Override
    public String toString() {
        return text;
    }
}
