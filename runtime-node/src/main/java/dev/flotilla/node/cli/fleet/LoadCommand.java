package dev.flotilla.node.cli.fleet;

import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.client.ClientException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flotilla load}: fleetctl load. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Schedule one or more units in the cluster, first submitting them if necessary.",
                "Load units onto machines, but do not start them. For units which are not global, load blocks "
                        + "until the units are loaded (see --block-attempts, --no-block)."},
        footerHeading = "%nExample:%n",
        footer = {"  flotilla load foo.service", "  flotilla load --no-block myservice/*"})
public final class LoadCommand extends FleetVerb {
    @Mixin
    BlockOptions block = new BlockOptions();

    @Option(names = "--replace", description = "Replace the old scheduled units in the cluster with new versions.")
    boolean replace;

    @Parameters(arity = "0..*", paramLabel = "UNIT")
    List<String> units = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        if (units.isEmpty()) {
            stderr("No units given");
            return 0;
        }
        return StateChange.raise(this, units, "load", FleetUnit.LOADED, replace, block.attempts());
    }
}
