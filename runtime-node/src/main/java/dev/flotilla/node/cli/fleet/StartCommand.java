package dev.flotilla.node.cli.fleet;

import dev.flotilla.core.api.FleetUnit;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flotilla start}: fleetctl start. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Instruct systemd to start one or more units in the cluster, first submitting and loading if "
                + "necessary.",
                "For units which are not global, start blocks until the units are launched and systemd reports "
                        + "them active (see --block-attempts, --no-block). On a terminal, starting many units shows "
                        + "progress."},
        footerHeading = "%nExample:%n",
        footer = {"  flotilla start foo.service", "  flotilla start nginx@1 nginx@2", "  flotilla start myservice/*"})
public final class StartCommand extends FleetVerb {
    @Mixin
    BlockOptions block = new BlockOptions();

    @Option(names = "--replace", description = "Replace the already started units in the cluster with new versions.")
    boolean replace;

    @Parameters(arity = "0..*", paramLabel = "UNIT")
    List<String> units = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        if (units.isEmpty()) {
            stderr("No units given");
            return 0;
        }
        return StateChange.raise(this, units, "start", FleetUnit.LAUNCHED, replace, block.attempts());
    }
}
