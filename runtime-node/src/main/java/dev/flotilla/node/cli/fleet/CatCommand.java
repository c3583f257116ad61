package dev.flotilla.node.cli.fleet;

import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.unit.fleet.FleetHash;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code flotilla cat}: fleetctl cat, the unit file as the cluster holds it. */
@Command(name = "cat", mixinStandardHelpOptions = true,
        description = {"Output the contents of a submitted unit.",
                "Outputs the unit file that is currently loaded in the cluster (as fleet did: one option per line, "
                        + "sections in order). Useful to verify the correct version of a unit is running."},
        footerHeading = "%nExample:%n", footer = {"  flotilla cat hello.service"})
public final class CatCommand extends FleetVerb {
    @Parameters(arity = "0..*", paramLabel = "UNIT")
    List<String> units = new ArrayList<>();

    @Override
    public Integer call() {
        if (units.size() != 1) {
            throw fail("One unit file must be provided");
        }
        String name = mangle(units.get(0));
        Optional<FleetUnit> u;
        try {
            u = client().unit(name);
        } catch (ClientException e) {
            throw fail("Error retrieving Unit " + name + ": " + e.getMessage());
        }
        if (u.isEmpty()) {
            throw fail("Unit " + name + " not found");
        }
        out().print(FleetHash.serialize(UnitCreation.toHash(u.get().options())));
        out().flush();
        return 0;
    }
}
