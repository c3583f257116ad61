package dev.flotilla.node.cli.fleet;

import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.api.FleetUnitState;
import dev.flotilla.core.client.ClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flotilla restart}: fleetctl restart, made rolling: the units, and a global unit's machines, are restarted
 * one machine at a time: the unit is restarted on one machine (the API's per-machine restart), and the next machine
 * waits until that one reports it active again, so a service spread over machines is never down on two at once.
 * A stopped (loaded) unit is started. On a terminal a progress line on stderr names the machine being restarted;
 * piped output is one line per machine.
 */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = {"Instruct systemd to rolling restart one or more units in the cluster.",
                "Units are restarted one machine at a time, global units on each of their machines in turn: the "
                        + "unit is restarted on one machine and the next waits until it is active again there. "
                        + "Stopped units are started. With --no-block the restarts are only requested, all at "
                        + "once (not rolling)."},
        footerHeading = "%nExample:%n",
        footer = {"  flotilla restart foo.service", "  flotilla restart nginx@1 nginx@2 nginx@3",
                "  flotilla restart cadvisor.service   # a global unit, machine after machine"})
public final class RestartCommand extends FleetVerb {
    /** Per-machine wait when --block-attempts is 0 (no limit): asked again by polling after this. */
    static final double UNLIMITED_WAIT_SECONDS = 30;

    @Option(names = "--block-attempts", defaultValue = "0", paramLabel = "N",
            description = "Wait until each unit is active again on a machine before the next, performing up to N "
                    + "attempts (2 s each) before giving up. A value of 0 indicates no limit.")
    int blockAttempts;

    @Option(names = "--no-block", description = "Do not wait: request the restart on every machine at once and "
            + "exit (not rolling).")
    boolean noBlock;

    @Parameters(arity = "0..*", paramLabel = "UNIT")
    List<String> units = new ArrayList<>();

    private boolean progress;

    @Override
    public Integer call() throws InterruptedException {
        if (units.isEmpty()) {
            stderr("No units given");
            return 0;
        }
        progress = System.console() != null;
        int attempts = UnitWaiter.attempts(noBlock, blockAttempts);
        try {
            new UnitCreation(this, "restart", false).createMissing(units, attempts);
            List<FleetUnit> found = findUnits(units);
            UnitWaiter w = new UnitWaiter(this);
            for (FleetUnit u : found) {
                if (FleetUnit.INACTIVE.equals(u.currentState()) && !isGlobal(u)) {
                    stderr("Unable to restart unit " + u.name() + " in state inactive");
                    continue;
                }
                if (!FleetUnit.LAUNCHED.equals(u.desiredState())) {
                    start(w, u, attempts); // stopped units are started, as fleetctl restart does
                    continue;
                }
                List<String> machines = machinesOf(u.name());
                if (machines.isEmpty()) {
                    // launched but reported nowhere yet (e.g. not placed): the old stop/start through the
                    // desired state is all that can be done
                    step(w, u.name(), FleetUnit.LOADED, attempts);
                    step(w, u.name(), FleetUnit.LAUNCHED, attempts);
                    continue;
                }
                for (int i = 0; i < machines.size(); i++) {
                    restartOn(u.name(), machines.get(i), i + 1, machines.size(), attempts);
                }
            }
        } catch (ClientException e) {
            throw fail("Error restarting units: " + e.getMessage());
        } finally {
            clearProgress();
        }
        return 0;
    }

    /** The machines that report the unit, in ID order (the order a rolling restart goes through them). */
    private List<String> machinesOf(String unit) throws ClientException {
        TreeSet<String> ids = new TreeSet<>();
        for (FleetUnitState s : client().states(null, unit)) {
            if (s.machineID() != null && !s.machineID().isEmpty()) {
                ids.add(s.machineID());
            }
        }
        return new ArrayList<>(ids);
    }

    private void restartOn(String unit, String machine, int n, int of, int attempts)
            throws ClientException, InterruptedException {
        String legend = fullLegend(machine, false);
        if (attempts < 0) {
            client().restartOn(unit, machine, 0);
            stdout("Triggered unit " + unit + " restart on " + legend);
            return;
        }
        showProgress("restarting " + unit + " on " + legend + " (" + n + "/" + of + ")...");
        double wait = attempts == 0 ? UNLIMITED_WAIT_SECONDS
                : UnitWaiter.ATTEMPT.toMillis() / 1000.0 * attempts;
        boolean done;
        try {
            done = client().restartOn(unit, machine, wait);
        } catch (ClientException e) {
            throw fail("Error restarting unit " + unit + " on " + legend + ": " + e.getMessage());
        }
        while (!done && attempts == 0) {
            // no limit: the restart stays requested; wait until the machine reports the unit active again
            Thread.sleep(UnitWaiter.POLL.toMillis());
            for (FleetUnitState s : client().states(machine, unit)) {
                done |= "active".equals(s.systemdActiveState());
            }
        }
        clearProgress();
        if (!done) {
            throw fail("Error restarting unit " + unit + " on " + legend + ": timed out waiting for it to be "
                    + "active again; the next machines were not restarted");
        }
        stdout("Unit " + unit + " restarted on " + legend);
    }

    private void start(UnitWaiter w, FleetUnit u, int attempts) throws ClientException, InterruptedException {
        client().setDesired(u.name(), FleetUnit.LAUNCHED);
        if (isGlobal(u) || attempts < 0) {
            stdout("Triggered " + (isGlobal(u) ? "global " : "") + "unit " + u.name() + " start");
            return;
        }
        step(w, u.name(), FleetUnit.LAUNCHED, attempts);
    }

    private void step(UnitWaiter w, String name, String state, int attempts)
            throws ClientException, InterruptedException {
        try {
            client().setDesired(name, state);
        } catch (ClientException e) {
            throw fail("Error setting target state for unit " + name + ": " + e.getMessage());
        }
        if (attempts < 0) {
            return;
        }
        if (!w.waitForState(List.of(name), state, attempts).isEmpty()) {
            throw fail("Error waiting for unit states, exit status: timed out waiting for unit " + name
                    + " to report state " + state);
        }
        if (FleetUnit.LAUNCHED.equals(state) && !w.waitForActive(List.of(name), attempts).isEmpty()) {
            throw fail("Error waiting for systemd unit states, err: Failed to find an active unit " + name);
        }
    }

    private void showProgress(String line) {
        if (progress) {
            err().print("\r\033[K" + line);
            err().flush();
        }
    }

    private void clearProgress() {
        if (progress) {
            err().print("\r\033[K");
            err().flush();
        }
    }
}
