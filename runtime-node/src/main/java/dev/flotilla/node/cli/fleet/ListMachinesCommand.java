package dev.flotilla.node.cli.fleet;

import dev.flotilla.core.api.FleetMachine;
import dev.flotilla.core.client.ClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flotilla list-machines}: fleetctl list-machines. */
@Command(name = "list-machines", mixinStandardHelpOptions = true,
        description = {"Enumerate the current hosts in the cluster.",
                "Lists all active machines within the cluster. Previously active machines will not appear."},
        footerHeading = "%nExample:%n",
        footer = {"  flotilla list-machines", "  flotilla list-machines --no-legend --full",
                "  flotilla list-machines --fields machine,metadata", "  flotilla list-machines -o json"})
public final class ListMachinesCommand extends FleetVerb {
    interface Field {
        String of(FleetMachine m, boolean full);
    }

    static final Map<String, Field> FIELDS = Map.of(
            "machine", (m, full) -> idLegend(m.id(), full),
            "ip", (m, full) -> m.primaryIP() == null || m.primaryIP().isEmpty() ? "-" : m.primaryIP(),
            "metadata", (m, full) -> m.metadata().isEmpty() ? "-" : m.metadata().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));

    @Mixin
    ListingOptions listing = new ListingOptions();

    @Option(names = "--fields", defaultValue = "machine,ip,metadata", paramLabel = "FIELDS",
            description = "Columns to print for each Machine. Valid fields are \"ip,machine,metadata\". "
                    + "Default: ${DEFAULT-VALUE}.")
    String fields;

    @Override
    public Integer call() {
        List<String> cols = ListingOptions.columns(fields, FIELDS);
        List<FleetMachine> machines;
        try {
            machines = client().machines();
        } catch (ClientException e) {
            throw fail("Error retrieving list of active machines from fleet API (" + e.getMessage() + ")\n"
                    + "Possible issues:\n  etcd is unhealthy and/or lost quorum\n"
                    + "  connection cannot be established to any etcd servers");
        }
        if (globals().output().isJson()) {
            printJson(machines);
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (FleetMachine m : machines) {
            rows.add(cols.stream().map(c -> FIELDS.get(c).of(m, listing.full)).toList());
        }
        out().print(listing.table(cols, rows));
        out().flush();
        return 0;
    }
}
