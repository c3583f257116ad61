package dev.flotilla.node.cli.fleet;

import dev.flotilla.core.api.FleetUnit;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code flotilla stop}: fleetctl stop. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Instruct systemd to stop one or more units in the cluster.",
                "Stop units from running, but allow them to be started again. For units which are not global, stop "
                        + "blocks until the units are stopped (see --block-attempts, --no-block)."},
        footerHeading = "%nExample:%n",
        footer = {"  flotilla stop foo.service", "  flotilla stop --no-block myservice/*"})
public final class StopCommand extends FleetVerb {
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
        return StateChange.lower(this, units, "stop", FleetUnit.LOADED, block.attempts());
    }
}
