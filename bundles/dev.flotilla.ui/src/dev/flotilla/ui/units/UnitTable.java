package dev.flotilla.ui.units;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What the Units view shows: all rows, narrowed by a {@link Filter} and ordered by one column. Works on
 * arrays without any widget, so the view can compute it on a job thread and hand the virtual table the
 * result; immutable, hence safe to share between threads.
 */
public final class UnitTable {

    /** "any" state filter. */
    public static final String ANY_STATE = "";

    /**
     * What the user narrowed the list to.
     *
     * @param text  a substring of any column (case-insensitive), or a regular expression when {@code regex}
     * @param regex whether {@code text} is a regular expression
     * @param state one of the states (matched against DSTATE, STATE, ACTIVE and SUB), or {@link #ANY_STATE}
     */
    public record Filter(String text, boolean regex, String state) {
        public static final Filter NONE = new Filter("", false, ANY_STATE);

        public Filter {
            text = text == null ? "" : text;
            state = state == null ? ANY_STATE : state;
        }

        /**
         * The compiled test; a bad regular expression is an {@link IllegalArgumentException} whose message
         * says what is wrong and where, for the view to show.
         */
        java.util.function.Predicate<UnitRow> compile() {
            java.util.function.Predicate<UnitRow> byText;
            if (text.isEmpty()) {
                byText = r -> true;
            } else if (regex) {
                Pattern p;
                try {
                    p = Pattern.compile(text, Pattern.CASE_INSENSITIVE);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("Bad regular expression at column " + (e.getIndex() + 1)
                            + ": " + e.getDescription(), e);
                }
                byText = r -> anyColumn(r, c -> p.matcher(c).find());
            } else {
                String needle = text.toLowerCase(Locale.ROOT);
                byText = r -> anyColumn(r, c -> c.toLowerCase(Locale.ROOT).contains(needle));
            }
            if (state.isEmpty()) {
                return byText;
            }
            return r -> byText.test(r) && (state.equals(r.dstate()) || state.equals(r.state())
                    || state.equals(r.active()) || state.equals(r.sub()));
        }

        private static boolean anyColumn(UnitRow r, java.util.function.Predicate<String> test) {
            for (int i = 0; i < UnitRow.COLUMNS.length; i++) {
                if (test.test(r.text(i))) {
                    return true;
                }
            }
            return false;
        }
    }

    private final UnitRow[] all;
    private final UnitRow[] shown;
    private final Filter filter;
    private final int sortColumn;
    private final boolean ascending;

    private UnitTable(UnitRow[] all, UnitRow[] shown, Filter filter, int sortColumn, boolean ascending) {
        this.all = all;
        this.shown = shown;
        this.filter = filter;
        this.sortColumn = sortColumn;
        this.ascending = ascending;
    }

    public static UnitTable empty() {
        return new UnitTable(new UnitRow[0], new UnitRow[0], Filter.NONE, 0, true);
    }

    /** {@code rows} under {@code filter}, ordered by {@code column}; {@link IllegalArgumentException} on a bad regex. */
    public static UnitTable of(List<UnitRow> rows, Filter filter, int column, boolean up) {
        if (column < 0 || column >= UnitRow.COLUMNS.length) {
            throw new IllegalArgumentException("no column " + column);
        }
        return compute(rows.toArray(UnitRow[]::new), Objects.requireNonNull(filter), column, up);
    }

    /** The table of {@code rows} under this table's filter and order. */
    public UnitTable withRows(List<UnitRow> rows) {
        return compute(rows.toArray(UnitRow[]::new), filter, sortColumn, ascending);
    }

    /** This table's rows under another filter; throws {@link IllegalArgumentException} on a bad regex. */
    public UnitTable withFilter(Filter newFilter) {
        return compute(all, Objects.requireNonNull(newFilter), sortColumn, ascending);
    }

    /** This table ordered by {@code column}. */
    public UnitTable sortedBy(int column, boolean up) {
        if (column < 0 || column >= UnitRow.COLUMNS.length) {
            throw new IllegalArgumentException("no column " + column);
        }
        return compute(all, filter, column, up);
    }

    private static UnitTable compute(UnitRow[] all, Filter filter, int column, boolean up) {
        java.util.function.Predicate<UnitRow> test = filter.compile();
        List<UnitRow> kept = new ArrayList<>(all.length);
        for (UnitRow r : all) {
            if (test.test(r)) {
                kept.add(r);
            }
        }
        UnitRow[] shown = kept.toArray(UnitRow[]::new);
        Comparator<UnitRow> order = Comparator.comparing((UnitRow r) -> r.text(column), UnitTable::natural)
                .thenComparing(UnitRow::unit, UnitTable::natural);
        Arrays.sort(shown, up ? order : order.reversed());
        return new UnitTable(all, shown, filter, column, up);
    }

    /** Orders "web@2" before "web@10": runs of digits compare as numbers. */
    static int natural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
            } else {
                int c = Character.compare(Character.toLowerCase(ca), Character.toLowerCase(cb));
                if (c != 0) {
                    return c;
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    public int size() {
        return shown.length;
    }

    public int total() {
        return all.length;
    }

    public UnitRow row(int index) {
        return shown[index];
    }

    /** The shown rows' index of {@code unit}, or -1. */
    public int indexOf(String unit) {
        for (int i = 0; i < shown.length; i++) {
            if (shown[i].unit().equals(unit)) {
                return i;
            }
        }
        return -1;
    }

    public Filter filter() {
        return filter;
    }

    public int sortColumn() {
        return sortColumn;
    }

    public boolean ascending() {
        return ascending;
    }
}
