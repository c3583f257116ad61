package dev.flotilla.ui.units;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;

import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.FleetClient;

/** What the user can do to selected units, as fleetctl's verbs do it through the fleet API. */
public enum UnitOperation {
    START("Start", "launched", false),
    STOP("Stop", "loaded", false),
    LOAD("Load", "loaded", false),
    UNLOAD("Unload", "inactive", true),
    RESTART("Restart", null, false),
    DESTROY("Destroy", null, true);

    private static final long RESTART_WAIT_MS = 30_000;

    private final String label;
    private final String desired;
    private final boolean destructive;

    UnitOperation(String label, String desired, boolean destructive) {
        this.label = label;
        this.desired = desired;
        this.destructive = destructive;
    }

    public String label() {
        return label;
    }

    /** Whether the user confirms first: the unit stops running everywhere (unload) or is gone (destroy). */
    public boolean destructive() {
        return destructive;
    }

    /** The command that runs it ({@code dev.flotilla.ui.commands.start}, ...). */
    public String commandId() {
        return "dev.flotilla.ui.commands." + name().toLowerCase(java.util.Locale.ROOT);
    }

    public static UnitOperation ofCommand(String commandId) {
        for (UnitOperation op : values()) {
            if (op.commandId().equals(commandId)) {
                return op;
            }
        }
        throw new IllegalArgumentException("no unit operation for command " + commandId);
    }

    /**
     * Applies the operation to each unit in turn; stops at the first refusal, which names the unit.
     *
     * @return the units done
     */
    public int apply(FleetClient fleet, List<String> units, IProgressMonitor monitor) throws ClientException {
        monitor.beginTask(label + " " + units.size() + " unit(s)", units.size());
        int done = 0;
        for (String unit : units) {
            if (monitor.isCanceled()) {
                break;
            }
            monitor.subTask(label + " " + unit);
            switch (this) {
                case DESTROY -> fleet.destroy(unit);
                case RESTART -> restart(fleet, unit, monitor);
                default -> fleet.setDesired(unit, desired);
            }
            done++;
            monitor.worked(1);
        }
        return done;
    }

    /** fleetctl restart: stop, wait until the engine reports it stopped, start again. */
    private static void restart(FleetClient fleet, String unit, IProgressMonitor monitor) throws ClientException {
        fleet.setDesired(unit, FleetUnit.LOADED);
        long deadline = System.currentTimeMillis() + RESTART_WAIT_MS;
        while (System.currentTimeMillis() < deadline && !monitor.isCanceled()) {
            String current = fleet.unit(unit).map(FleetUnit::currentState).orElse(FleetUnit.INACTIVE);
            if (!FleetUnit.LAUNCHED.equals(current)) {
                break;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        fleet.setDesired(unit, FleetUnit.LAUNCHED);
    }
}
