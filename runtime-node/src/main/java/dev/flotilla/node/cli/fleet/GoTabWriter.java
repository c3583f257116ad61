package dev.flotilla.node.cli.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * The table layout of fleetctl's listings: Go's {@code text/tabwriter} as fleetctl set it up
 * ({@code minwidth 0, tabwidth 8, padding 1, padchar '\t'}). Each column is as wide as its widest cell plus one,
 * rounded up to a multiple of 8, and cells are padded with tab characters; the last cell of a row is not padded.
 * So {@code fleetctl list-units | cut -f1} style scripts and terminals see exactly what fleetctl printed.
 */
final class GoTabWriter {
    private static final int TAB_WIDTH = 8;
    private static final int PADDING = 1;
    private final List<List<String>> rows = new ArrayList<>();

    void row(List<String> cells) {
        rows.add(List.copyOf(cells));
    }

    String render() {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[Math.max(0, columns - 1)];
        for (List<String> r : rows) {
            for (int c = 0; c < r.size() - 1; c++) {
                widths[c] = Math.max(widths[c], width(r.get(c)) + PADDING);
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> r : rows) {
            for (int c = 0; c < r.size(); c++) {
                String cell = r.get(c);
                out.append(cell);
                if (c < r.size() - 1) {
                    int cellw = (widths[c] + TAB_WIDTH - 1) / TAB_WIDTH * TAB_WIDTH;
                    int n = cellw - width(cell);
                    out.append("\t".repeat((n + TAB_WIDTH - 1) / TAB_WIDTH));
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }
}
