package dev.flotilla.node.cli.fleet;

import dev.flotilla.core.api.FleetUnitState;
import dev.flotilla.core.client.ClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flotilla list-units}: fleetctl list-units, the state every machine reports for its units. */
@Command(name = "list-units", mixinStandardHelpOptions = true,
        description = {"List the current state of units in the cluster.",
                "Lists the state of all units in the cluster loaded onto a machine."},
        footerHeading = "%nExample:%n",
        footer = {"  flotilla list-units", "  flotilla list-units --no-legend --full",
                "  flotilla list-units --fields=unit,machine", "  flotilla list-units -o json"})
public final class ListUnitsCommand extends FleetVerb {
    interface Field {
        String of(ListUnitsCommand c, FleetUnitState s, boolean full) throws ClientException;
    }

    static final Map<String, Field> FIELDS = Map.of(
            "unit", (c, s, full) -> s.name(),
            "load", (c, s, full) -> s.systemdLoadState(),
            "active", (c, s, full) -> s.systemdActiveState(),
            "sub", (c, s, full) -> s.systemdSubState(),
            "machine", (c, s, full) -> s.machineID() == null || s.machineID().isEmpty() ? "-"
                    : c.fullLegend(s.machineID(), full),
            "hash", (c, s, full) -> s.hash() == null || s.hash().isEmpty() ? "-"
                    : full || s.hash().length() < 7 ? s.hash() : s.hash().substring(0, 7));

    @Mixin
    ListingOptions listing = new ListingOptions();

    @Option(names = "--fields", defaultValue = "unit,machine,active,sub", paramLabel = "FIELDS",
            description = "Columns to print for each Unit. Valid fields are \"active,hash,load,machine,sub,unit\". "
                    + "Default: ${DEFAULT-VALUE}.")
    String fields;

    @Override
    public Integer call() {
        List<String> cols = ListingOptions.columns(fields, FIELDS);
        try {
            List<FleetUnitState> states = client().states(null, null);
            if (globals().output().isJson()) {
                printJson(states);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (FleetUnitState s : states) {
                List<String> row = new ArrayList<>();
                for (String c : cols) {
                    row.add(FIELDS.get(c).of(this, s, listing.full));
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
