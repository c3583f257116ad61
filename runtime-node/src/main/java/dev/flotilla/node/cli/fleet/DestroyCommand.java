package dev.flotilla.node.cli.fleet;

import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.client.ClientException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code flotilla destroy}: fleetctl destroy. */
@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = {"Destroy one or more units in the cluster.",
                "Completely remove running or submitted units from the cluster: their machines stop them and the "
                        + "unit files are removed. Destroyed units are impossible to start unless re-submitted."},
        footerHeading = "%nExample:%n",
        footer = {"  flotilla destroy foo.service", "  flotilla destroy nginx@1 nginx@2"})
public final class DestroyCommand extends FleetVerb {
    @Mixin
    BlockOptions block = new BlockOptions();

    @Parameters(arity = "0..*", paramLabel = "UNIT")
    List<String> units = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        if (units.isEmpty()) {
            stderr("No units given");
            return 0;
        }
        List<FleetUnit> found;
        try {
            found = findUnits(units);
        } catch (ClientException e) {
            throw fail(e.getMessage());
        }
        if (found.isEmpty()) {
            stderr("Units not found in registry");
            return 0;
        }
        int exit = 0;
        for (FleetUnit u : found) {
            try {
                if (!client().destroy(u.name())) {
                    continue;
                }
                if (block.noBlock) {
                    // fleetctl's --no-block waits here until the unit is gone from the registry
                    int attempts = block.blockAttempts;
                    while (attempts < 1 || --attempts > 0) {
                        if (client().unit(u.name()).isEmpty()) {
                            break;
                        }
                        Thread.sleep(UnitWaiter.ATTEMPT.toMillis());
                    }
                }
            } catch (ClientException e) {
                stderr("Error destroying units: " + e.getMessage());
                exit = FAILED;
                continue;
            }
            stdout("Destroyed " + u.name());
        }
        return exit;
    }
}
