package dev.flotilla.node.cli.fleet;

import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.unit.fleet.FleetHash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flotilla list-unit-files}: fleetctl list-unit-files, every submitted unit with desired and current state. */
@Command(name = "list-unit-files", mixinStandardHelpOptions = true,
        description = {"List the units that exist in the cluster.",
                "Lists all unit files that exist in the cluster (whether or not they are loaded onto a machine)."},
        footerHeading = "%nExample:%n",
        footer = {"  flotilla list-unit-files", "  flotilla list-unit-files --fields unit,desc,global",
                "  flotilla list-unit-files -o json"})
public final class ListUnitFilesCommand extends FleetVerb {
    interface Field {
        String of(ListUnitFilesCommand c, FleetUnit u, boolean full) throws ClientException;
    }

    static final Field TARGET = (c, u, full) -> isGlobal(u) ? "global"
            : u.machineID() == null || u.machineID().isEmpty() ? "-" : c.fullLegend(u.machineID(), full);

    static final Map<String, Field> FIELDS = Map.of(
            "unit", (c, u, full) -> u.name(),
            "global", (c, u, full) -> Boolean.toString(isGlobal(u)),
            "dstate", (c, u, full) -> u.desiredState() == null || u.desiredState().isEmpty() ? "-" : u.desiredState(),
            "target", TARGET,
            "tmachine", TARGET,
            "state", (c, u, full) -> isGlobal(u) || u.currentState() == null || u.currentState().isEmpty() ? "-"
                    : u.currentState(),
            "hash", (c, u, full) -> {
                String h = FleetHash.of(FleetHash.parse(FleetHash.serialize(UnitCreation.toHash(u.options()))))
                        .orElse("-");
                return full ? h : FleetHash.shortForm(h);
            },
            "desc", (c, u, full) -> u.options().stream()
                    .filter(o -> "Unit".equals(o.section()) && "Description".equals(o.name()))
                    .reduce((a, b) -> b).map(o -> o.value()).filter(v -> !v.isEmpty()).orElse("-"));

    @Mixin
    ListingOptions listing = new ListingOptions();

    @Option(names = "--fields", defaultValue = "unit,hash,dstate,state,target", paramLabel = "FIELDS",
            description = "Columns to print for each Unit file. Valid fields are "
                    + "\"desc,dstate,global,hash,state,target,tmachine,unit\". Default: ${DEFAULT-VALUE}.")
    String fields;

    @Override
    public Integer call() {
        List<String> cols = ListingOptions.columns(fields, FIELDS);
        if (cols.contains("tmachine")) {
            stderr("WARNING: The \"tmachine\" field is deprecated. Use \"target\" instead");
        }
        try {
            List<FleetUnit> units = client().units();
            if (globals().output().isJson()) {
                printJson(units);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (FleetUnit u : units) {
                List<String> row = new ArrayList<>();
                for (String c : cols) {
                    row.add(FIELDS.get(c).of(this, u, listing.full));
                }
                rows.add(row);
            }
            out().print(listing.table(cols, rows));
            out().flush();
            return 0;
        } catch (ClientException e) {
            throw fail("Error retrieving list of units from repository: " + e.getMessage());
        }
    }
}
