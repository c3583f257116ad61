package dev.flotilla.ui.editor.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff (longest common subsequence) shown before a unit is replaced: which lines of the running unit go and
 * which lines of the new one come. Unit files are tens of lines, so the quadratic table is small.
 */
public final class LineDiff {

    /** One line of the diff: {@code ' '} kept, {@code '-'} only in the old text, {@code '+'} only in the new. */
    public record Line(char op, String text) {
        @Override
        public String toString() {
            return op + text;
        }
    }

    private LineDiff() {
    }

    public static List<Line> of(String oldText, String newText) {
        String[] a = lines(oldText);
        String[] b = lines(newText);
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Line> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i].equals(b[j])) {
                out.add(new Line(' ', a[i++]));
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                out.add(new Line('-', a[i++]));
            } else {
                out.add(new Line('+', b[j++]));
            }
        }
        while (i < a.length) {
            out.add(new Line('-', a[i++]));
        }
        while (j < b.length) {
            out.add(new Line('+', b[j++]));
        }
        return out;
    }

    /** True when the diff changes nothing. */
    public static boolean isEmpty(List<Line> diff) {
        return diff.stream().allMatch(l -> l.op() == ' ');
    }

    /** The diff as text, one {@code ' '}/{@code '-'}/{@code '+'}-prefixed line each. */
    public static String format(List<Line> diff) {
        StringBuilder b = new StringBuilder();
        for (Line l : diff) {
            b.append(l).append('\n');
        }
        return b.toString();
    }

    private static String[] lines(String text) {
        if (text.isEmpty()) {
            return new String[0];
        }
        String t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return t.split("\r?\n", -1);
    }
}
