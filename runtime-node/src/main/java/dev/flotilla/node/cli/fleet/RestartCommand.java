package dev.flotilla.node.cli.fleet;

import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.client.ClientException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flotilla restart}: fleetctl restart, a rolling restart: one unit at a time is stopped (loaded) and started
 * again, and the next one waits until it is launched, so a service spread over machines never goes down at once.
 */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = {"Instruct systemd to rolling restart one or more units in the cluster.",
                "Units are restarted one after another: each is stopped, started, and waited for before the next. "
                        + "Stopped units are started. Global units are restarted on every machine at once."},
        footerHeading = "%nExample:%n",
        footer = {"  flotilla restart foo.service", "  flotilla restart nginx@1 nginx@2 nginx@3"})
public final class RestartCommand extends FleetVerb {
    @Option(names = "--block-attempts", defaultValue = "0", paramLabel = "N",
            description = "Wait until the units are stopped/started, performing up to N attempts before giving up. "
                    + "A value of 0 indicates no limit. Does not apply to global units.")
    int blockAttempts;

    @Parameters(arity = "0..*", paramLabel = "UNIT")
    List<String> units = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        if (units.isEmpty()) {
            stderr("No units given");
            return 0;
        }
        try {
            List<FleetUnit> found = findUnits(units);
            new UnitCreation(this, "restart", false).createMissing(units, blockAttempts);
            UnitWaiter w = new UnitWaiter(this);
            for (FleetUnit u : found) {
                if (isGlobal(u)) {
                    client().setDesired(u.name(), FleetUnit.LOADED);
                    client().setDesired(u.name(), FleetUnit.LAUNCHED);
                    stdout("Triggered global unit " + u.name() + " restart");
                    continue;
                }
                if (FleetUnit.INACTIVE.equals(u.currentState())) {
                    stderr("Unable to restart unit " + u.name() + " in state inactive");
                    continue;
                }
                if (FleetUnit.LAUNCHED.equals(u.currentState())) {
                    step(w, u.name(), FleetUnit.LOADED);
                }
                step(w, u.name(), FleetUnit.LAUNCHED);
            }
        } catch (ClientException e) {
            throw fail("Error restarting units: " + e.getMessage());
        }
        return 0;
    }

    private void step(UnitWaiter w, String name, String state) throws ClientException, InterruptedException {
        try {
            client().setDesired(name, state);
        } catch (ClientException e) {
            throw fail("Error setting target state for unit " + name + ": " + e.getMessage());
        }
        if (!w.waitForState(List.of(name), state, blockAttempts).isEmpty()) {
            throw fail("Error waiting for unit states, exit status: timed out waiting for unit " + name
                    + " to report state " + state);
        }
    }
}
