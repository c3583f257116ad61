package dev.flotilla.core.unit;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads bytes into elements following systemd.syntax(7) as current systemd implements it (conf-parser.c): a line whose
 * first non-blank character is {@code #} or {@code ;} is a comment, also inside a continuation, and never continues; a
 * line ending in an odd number of backslashes continues on the next line (the backslash reads as a space); the joined
 * line is then a {@code [Section]} header or a {@code Key=value} entry, both stripped of " \t\r\n". Never throws.
 */
final class UnitParser {
    static final String WHITESPACE = " \t\r\n";

    record Result(List<Element> elements, LineEnding dominantEnding) { }

    private UnitParser() { }

    static Result parse(byte[] bytes) {
        List<RawLine> lines = new ArrayList<>();
        List<List<Element.LocalProblem>> lineProblems = new ArrayList<>();
        int crlf = 0;
        int lf = 0;
        int start = 0;
        int n = bytes.length;
        while (start < n) {
            int nl = indexOf(bytes, (byte) '\n', start);
            int end;
            LineEnding ending;
            int next;
            if (nl < 0) {
                end = n;
                ending = LineEnding.NONE;
                next = n;
            } else if (nl > start && bytes[nl - 1] == '\r') {
                end = nl - 1;
                ending = LineEnding.CRLF;
                next = nl + 1;
                crlf++;
            } else {
                end = nl;
                ending = LineEnding.LF;
                next = nl + 1;
                lf++;
            }
            List<Element.LocalProblem> problems = new ArrayList<>(0);
            byte[] content = java.util.Arrays.copyOfRange(bytes, start, end);
            String text = decode(content, problems);
            if (start == 0 && text.startsWith("\uFEFF")) {
                text = text.substring(1); // systemd skips a UTF-8 byte order mark
            }
            if (text.indexOf('\0') >= 0) {
                problems.add(new Element.LocalProblem(0, text.indexOf('\0') + 1, Severity.ERROR, null,
                        "NUL byte in unit file; expected text"));
            }
            lines.add(new RawLine(content, text, ending));
            lineProblems.add(problems);
            start = next;
        }
        LineEnding dominant = crlf > lf ? LineEnding.CRLF : LineEnding.LF;
        return new Result(group(lines, lineProblems), dominant);
    }

    private static int indexOf(byte[] b, byte v, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    private static String decode(byte[] content, List<Element.LocalProblem> problems) {
        boolean ascii = true;
        for (byte b : content) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(content, StandardCharsets.ISO_8859_1);
        }
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return dec.decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            String text = new String(content, StandardCharsets.UTF_8);
            int col = text.indexOf('\uFFFD') + 1;
            problems.add(new Element.LocalProblem(0, Math.max(col, 1), Severity.ERROR, null,
                    "invalid UTF-8 byte sequence; unit files must be UTF-8 text"));
            return text;
        }
    }

    static int firstNonWhitespace(CharSequence s, int from) {
        int i = from;
        while (i < s.length() && WHITESPACE.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    static int lastNonWhitespaceEnd(CharSequence s, int to) {
        int e = to;
        while (e > 0 && WHITESPACE.indexOf(s.charAt(e - 1)) >= 0) {
            e--;
        }
        return e;
    }

    static boolean endsWithUnescapedBackslash(CharSequence s) {
        int run = 0;
        for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            run++;
        }
        return (run & 1) == 1;
    }

    private static boolean isCommentStart(String t) {
        int f = firstNonWhitespace(t, 0);
        return f < t.length() && (t.charAt(f) == '#' || t.charAt(f) == ';');
    }

    private static List<Element> group(List<RawLine> lines, List<List<Element.LocalProblem>> lineProblems) {
        List<Element> out = new ArrayList<>();
        String section = null;
        int i = 0;
        int n = lines.size();
        while (i < n) {
            RawLine first = lines.get(i);
            String t = first.text();
            if (firstNonWhitespace(t, 0) == t.length() && !endsWithUnescapedBackslash(t)) {
                out.add(withLineProblems(new BlankLine(List.of(first), section), lineProblems, i));
                i++;
                continue;
            }
            if (isCommentStart(t)) {
                out.add(withLineProblems(new CommentLine(List.of(first), section), lineProblems, i));
                i++;
                continue;
            }
            List<RawLine> group = new ArrayList<>(1);
            group.add(first);
            StringBuilder joined = new StringBuilder(t);
            int[] segOffsets = new int[] {0};
            int[] segLines = new int[] {0};
            boolean cont = endsWithUnescapedBackslash(t);
            if (cont) {
                joined.setCharAt(joined.length() - 1, ' ');
            }
            int j = i + 1;
            while (cont && j < n) {
                RawLine m = lines.get(j);
                String u = m.text();
                int rel = group.size();
                group.add(m);
                j++;
                if (isCommentStart(u)) {
                    continue; // systemd skips comment lines inside a continuation
                }
                segOffsets = append(segOffsets, joined.length());
                segLines = append(segLines, rel);
                joined.append(u);
                cont = endsWithUnescapedBackslash(u);
                if (cont) {
                    joined.setCharAt(joined.length() - 1, ' ');
                }
            }
            Element e = classify(group, joined.toString(), segOffsets, segLines, section);
            if (e instanceof SectionHeader h) {
                section = h.name();
            }
            List<Element.LocalProblem> extra = new ArrayList<>();
            for (int k = 0; k < group.size(); k++) {
                for (Element.LocalProblem p : lineProblems.get(i + k)) {
                    extra.add(new Element.LocalProblem(k, p.column(), p.severity(), p.key(), p.message()));
                }
            }
            out.add(extra.isEmpty() ? e : rebuildWithProblems(e, extra));
            i = j;
        }
        return out;
    }

    private static int[] append(int[] a, int v) {
        int[] b = java.util.Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }

    private static Element withLineProblems(Element e, List<List<Element.LocalProblem>> lineProblems, int index) {
        List<Element.LocalProblem> ps = lineProblems.get(index);
        return ps.isEmpty() ? e : rebuildWithProblems(e, ps);
    }

    private static Element rebuildWithProblems(Element e, List<Element.LocalProblem> extra) {
        List<Element.LocalProblem> all = new ArrayList<>(e.problems());
        all.addAll(extra);
        if (e instanceof Entry en) {
            return en.withProblems(all);
        }
        if (e instanceof SectionHeader h) {
            return new SectionHeader(h.rawLines(), h.name(), all);
        }
        // comments, blanks and invalid lines with bad bytes are all reported as invalid lines
        return new InvalidLine(e.rawLines(), e.section(), all);
    }

    /** Position of offset {@code off} of the joined text as (relative line, 1-based column). */
    private static int[] locate(int off, int[] segOffsets, int[] segLines) {
        int seg = 0;
        for (int s = 1; s < segOffsets.length; s++) {
            if (segOffsets[s] <= off) {
                seg = s;
            }
        }
        return new int[] {segLines[seg], off - segOffsets[seg] + 1};
    }

    private static Element.LocalProblem problem(int off, int[] segOffsets, int[] segLines, String key, String msg) {
        int[] p = locate(off, segOffsets, segLines);
        return new Element.LocalProblem(p[0], p[1], Severity.ERROR, key, msg);
    }

    private static Element classify(List<RawLine> group, String j, int[] segOffsets, int[] segLines, String section) {
        int s = firstNonWhitespace(j, 0);
        int e = lastNonWhitespaceEnd(j, j.length());
        if (s >= e) {
            return new BlankLine(group, section);
        }
        String stripped = j.substring(s, e);
        char c = j.charAt(s);
        if (c == '[') {
            if (j.charAt(e - 1) == ']' && e - s >= 2) {
                String name = j.substring(s + 1, e - 1);
                List<Element.LocalProblem> ps = new ArrayList<>();
                if (name.isEmpty()) {
                    ps.add(problem(s, segOffsets, segLines, null, "empty section name; expected [Name]"));
                }
                return new SectionHeader(group, name, ps);
            }
            return new InvalidLine(group, section, List.of(problem(s, segOffsets, segLines, null,
                    "invalid section header " + quote(stripped) + "; expected [Name] with ']' at the end of the line")));
        }
        if (stripped.startsWith("<<<<<<<") || stripped.startsWith(">>>>>>>") || stripped.startsWith("=======")
                || stripped.startsWith("|||||||")) {
            return new InvalidLine(group, section, List.of(problem(s, segOffsets, segLines, null,
                    "git merge-conflict marker " + quote(shorten(stripped))
                            + "; resolve the conflict, expected Key=value lines")));
        }
        int eq = j.indexOf('=', s);
        if (eq < 0 || eq >= e) {
            return new InvalidLine(group, section, List.of(problem(s, segOffsets, segLines, null,
                    "expected Key=value, found " + quote(shorten(stripped)) + " without '='")));
        }
        int keyEnd = lastNonWhitespaceEnd(j, eq);
        if (keyEnd <= s) {
            return new InvalidLine(group, section, List.of(problem(s, segOffsets, segLines, null,
                    "missing key before '='; expected Key=value")));
        }
        String key = j.substring(s, keyEnd);
        int vs = firstNonWhitespace(j, eq + 1);
        if (vs > e) {
            vs = e;
        }
        String value = vs >= e ? "" : j.substring(vs, e);
        List<Element.LocalProblem> ps = new ArrayList<>(0);
        if (section == null) {
            int[] p = locate(s, segOffsets, segLines);
            ps.add(new Element.LocalProblem(p[0], p[1], Severity.WARNING, key,
                    "assignment outside of any section is ignored by systemd; expected a [Section] header first"));
        }
        int keyColumn = locate(s, segOffsets, segLines)[1];
        return new Entry(group, section, key, value, keyColumn, vs, segOffsets, segLines, ps);
    }

    static String quote(String s) {
        return "\"" + s + "\"";
    }

    static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** Builds an entry for a single new line written by an edit; {@code text} is known to hold {@code Key=value}. */
    static Entry entryLine(String text, String section, LineEnding ending) {
        Element e = classify(List.of(RawLine.of(text, ending)), text, new int[] {0}, new int[] {0}, section);
        if (e instanceof Entry en) {
            return en;
        }
        throw new IllegalStateException("not an entry line: " + text);
    }

    static SectionHeader headerLine(String name, LineEnding ending) {
        return new SectionHeader(List.of(RawLine.of("[" + name + "]", ending)), name, List.of());
    }
}
