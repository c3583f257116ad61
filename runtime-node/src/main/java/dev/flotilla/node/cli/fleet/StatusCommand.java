package dev.flotilla.node.cli.fleet;

import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.api.FleetUnitState;
import dev.flotilla.core.api.JournalPage;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.FleetApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flotilla status}: fleetctl status. fleetctl ran {@code systemctl status -l} over SSH; Flotilla prints the
 * same kind of block from what the unit's machine reports, followed by the unit's last journal lines.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Output the status of one or more units in the cluster.",
                "A systemctl-status-like block per unit (load, active and sub state, machine, hash) and its last "
                        + "journal lines. Global units show one block per machine."},
        footerHeading = "%nExample:%n", footer = {"  flotilla status foo.service", "  flotilla status nginx@1 nginx@2"})
public final class StatusCommand extends FleetVerb {
    @Option(names = "--lines", defaultValue = "10", paramLabel = "N",
            description = "Journal lines to show. Default: ${DEFAULT-VALUE}.")
    int lines;

    @Parameters(arity = "0..*", paramLabel = "UNIT")
    List<String> units = new ArrayList<>();

    @Override
    public Integer call() {
        boolean first = true;
        for (String arg : units) {
            String name = mangle(arg);
            try {
                Optional<FleetUnit> u = client().unit(name);
                if (u.isEmpty()) {
                    throw fail("Unit " + name + " does not exist.");
                }
                boolean global = isGlobal(u.get());
                if (!global && FleetUnit.INACTIVE.equals(u.get().currentState())) {
                    throw fail("Unit " + name + " does not appear to be loaded.");
                }
                for (FleetUnitState s : client().states(null, name)) {
                    if (!global && !s.machineID().equals(u.get().machineID())) {
                        continue;
                    }
                    if (!first) {
                        stdout("");
                    }
                    first = false;
                    block(u.get(), s, global);
                }
            } catch (ClientException e) {
                throw fail("Error retrieving unit: " + e.getMessage());
            }
        }
        return 0;
    }

    private void block(FleetUnit u, FleetUnitState s, boolean global) throws ClientException {
        String desc = u.options().stream().filter(o -> "Unit".equals(o.section()) && "Description".equals(o.name()))
                .reduce((a, b) -> b).map(o -> o.value()).orElse(null);
        String bullet = "active".equals(s.systemdActiveState()) ? "●" : "failed".equals(s.systemdActiveState())
                ? "×" : "○";
        stdout(bullet + " " + u.name() + (desc == null || desc.isEmpty() ? "" : " - " + desc));
        stdout("   Loaded: " + s.systemdLoadState() + " (" + u.name() + "; fleet: " + u.desiredState()
                + (global ? ", global" : "") + ")");
        stdout("   Active: " + s.systemdActiveState() + " (" + s.systemdSubState() + ")");
        stdout("  Machine: " + fullLegend(s.machineID(), true));
        if (s.hash() != null && !s.hash().isEmpty()) {
            stdout("     Hash: " + s.hash());
        }
        if (global || lines <= 0) {
            return;
        }
        try {
            JournalPage page = client().journal(u.name(), lines);
            if (!page.entries().isEmpty()) {
                stdout("");
            }
            String host = hostName(s.machineID());
            for (JournalPage.Line l : page.entries()) {
                stdout(JournalFormat.line(l, host, u.name()));
            }
        } catch (FleetApiException e) {
            stderr("(no journal: " + e.serverMessage() + ")");
        }
    }
}
