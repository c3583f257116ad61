package dev.flotilla.node.cli.fleet;

import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.api.JournalPage;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.FleetClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flotilla journal}: fleetctl journal, read from the machine that runs the unit. */
@Command(name = "journal", mixinStandardHelpOptions = true,
        description = {"Print the journal of a unit in the cluster to stdout.",
                "Outputs the journal of a unit, read from the machine the unit occupies. "
                        + "This command does not work with global units."},
        footerHeading = "%nExample:%n",
        footer = {"  flotilla journal foo.service", "  flotilla journal --lines 100 foo.service",
                "  flotilla journal -f foo.service"})
public final class JournalCommand extends FleetVerb {
    @Option(names = "--lines", defaultValue = "10", paramLabel = "N", description = "Number of recent log lines to "
            + "return. Default: ${DEFAULT-VALUE}.")
    int lines;

    @Option(names = {"-f", "--follow"}, description = "Continuously print new entries as they are appended to the "
            + "journal.")
    boolean follow;

    @Parameters(arity = "0..*", paramLabel = "UNIT")
    List<String> units = new ArrayList<>();

    @Override
    public Integer call() {
        if (units.size() != 1) {
            throw fail("One unit file must be provided.");
        }
        String name = mangle(units.get(0));
        try {
            Optional<FleetUnit> u = client().unit(name);
            if (u.isEmpty()) {
                throw fail("Unit " + name + " does not exist.");
            }
            if (isGlobal(u.get())) {
                throw fail("Unable to retrieve journal of global unit " + name + ".");
            }
            if (FleetUnit.INACTIVE.equals(u.get().currentState())) {
                throw fail("Unit " + name + " does not appear to be running.");
            }
            String host = hostName(u.get().machineID());
            if (!follow) {
                JournalPage page = client().journal(name, lines);
                stdout(JournalFormat.header(page.entries()));
                for (JournalPage.Line l : page.entries()) {
                    stdout(JournalFormat.line(l, host, name));
                }
                return 0;
            }
            try (FleetClient.JournalFollow f = client().followJournal(name, lines)) {
                JournalPage.Line l;
                while ((l = f.next()) != null) {
                    stdout(JournalFormat.line(l, host, name));
                }
            }
            return 0;
        } catch (ClientException | IOException e) {
            throw fail("Error retrieving journal of unit " + name + ": " + e.getMessage());
        }
    }
}
