package dev.flotilla.node.cli.fleet;

import dev.flotilla.core.client.ClientException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flotilla submit}: fleetctl submit. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Upload one or more units to the cluster without starting them.",
                "Useful for validating units before they are started: each file is checked (syntax, systemd keys, "
                        + "[X-Fleet] rules) and a bad one is refused with file:line:col before anything is sent.",
                "This operation is idempotent; if a named unit already exists in the cluster, it will not be "
                        + "resubmitted."},
        footerHeading = "%nExample:%n",
        footer = {"  flotilla submit foo.service", "  flotilla submit myservice/*",
                "  flotilla submit --replace foo.service"})
public final class SubmitCommand extends FleetVerb {
    @Option(names = "--replace", description = "Replace the old submitted units in the cluster with new versions.")
    boolean replace;

    @Parameters(arity = "0..*", paramLabel = "UNIT")
    List<String> units = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        if (units.isEmpty()) {
            stderr("No units given");
            return 0;
        }
        try {
            new UnitCreation(this, "submit", replace).createMissing(units, 0);
        } catch (ClientException e) {
            throw fail("Error creating units: " + e.getMessage());
        }
        return 0;
    }
}
