package dev.flotilla.node.cli.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/** fleetctl's listing flags: {@code --fields}, {@code -l/--full}, {@code --no-legend}. */
final class ListingOptions {
    @Option(names = {"-l", "--full"}, description = "Do not ellipsize fields on output")
    boolean full;

    @Option(names = "--no-legend", description = "Do not print a legend (column headers)")
    boolean noLegend;

    /** The columns asked for, checked against {@code valid}; fleetctl's messages and exit 1 otherwise. */
    static List<String> columns(String fields, Map<String, ?> valid) {
        if (fields == null || fields.isEmpty()) {
            throw FleetVerb.fail("Must define output format");
        }
        List<String> cols = new ArrayList<>();
        for (String s : fields.split(",", -1)) {
            if (!valid.containsKey(s)) {
                throw FleetVerb.fail("Invalid key in output format: \"" + s + "\" (valid fields: "
                        + String.join(",", new TreeSet<>(valid.keySet())) + ")");
            }
            cols.add(s);
        }
        return cols;
    }

    /** The table: an upper-cased legend (unless --no-legend), then the rows, laid out as fleetctl's tabwriter. */
    String table(List<String> cols, List<List<String>> rows) {
        GoTabWriter w = new GoTabWriter();
        if (!noLegend) {
            w.row(cols.stream().map(c -> c.toUpperCase(java.util.Locale.ROOT)).toList());
        }
        rows.forEach(w::row);
        return w.render();
    }
}
