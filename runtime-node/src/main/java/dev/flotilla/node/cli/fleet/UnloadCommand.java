package dev.flotilla.node.cli.fleet;

import dev.flotilla.core.api.FleetUnit;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code flotilla unload}: fleetctl unload. */
@Command(name = "unload", mixinStandardHelpOptions = true,
        description = {"Unschedule one or more units in the cluster.",
                "Stop and unschedule units; they stay submitted. Unload blocks until the units are inactive "
                        + "(see --block-attempts, --no-block)."},
        footerHeading = "%nExample:%n",
        footer = {"  flotilla unload foo.service", "  flotilla unload --no-block myservice/*"})
public final class UnloadCommand extends FleetVerb {
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
        return StateChange.lower(this, units, "unload", FleetUnit.INACTIVE, block.attempts());
    }
}
