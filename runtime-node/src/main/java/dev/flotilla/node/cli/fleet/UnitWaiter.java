package dev.flotilla.node.cli.fleet;

import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.api.FleetUnitState;
import dev.flotilla.core.client.ClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * fleetctl's blocking: each attempt polls a unit's state every 250 ms for up to 2 s; {@code --block-attempts=N}
 * gives up after N attempts (0: never), {@code --no-block} does not wait. Units are waited for together and each is
 * reported ({@code Unit x.service launched on 113f16a7.../10.0.0.1}) as soon as it gets there. On a terminal a
 * progress line on stderr counts the units still waited for; piped output stays exactly fleetctl's.
 */
final class UnitWaiter {
    static final Duration ATTEMPT = Duration.ofSeconds(2);
    static final Duration POLL = Duration.ofMillis(250);

    private final FleetVerb verb;
    private final boolean progress;

    UnitWaiter(FleetVerb verb) {
        this.verb = verb;
        this.progress = System.console() != null;
    }

    /** fleetctl's getBlockAttempts: -1 for --no-block, else the attempts (0 = unlimited). */
    static int attempts(boolean noBlock, int blockAttempts) {
        return noBlock ? -1 : Math.max(0, blockAttempts);
    }

    /**
     * Waits until every unit's current state is {@code state}; prints fleetctl's line per unit. Returns the names
     * that did not get there within the attempts.
     */
    List<String> waitForState(List<String> units, String state, int attempts) throws ClientException,
            InterruptedException {
        Set<String> pending = new LinkedHashSet<>(units);
        long deadline = attempts <= 0 ? Long.MAX_VALUE : System.nanoTime() + ATTEMPT.toNanos() * attempts;
        int total = units.size();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            for (String name : new ArrayList<>(pending)) {
                Optional<FleetUnit> u = verb.client().unit(name);
                if (u.isEmpty()) {
                    continue;
                }
                String current = FleetVerb.isGlobal(u.get()) ? u.get().desiredState() : u.get().currentState();
                if (state.equals(current == null ? "" : current)) {
                    pending.remove(name);
                    clearProgress();
                    String msg = "Unit " + name + " " + u.get().currentState();
                    String m = u.get().machineID();
                    if (m != null && !m.isEmpty() && verb.machine(m) != null) {
                        msg += " on " + verb.fullLegend(m, false);
                    }
                    verb.stdout(msg);
                }
            }
            if (!pending.isEmpty()) {
                showProgress(total - pending.size(), total, state);
                Thread.sleep(POLL.toMillis());
            }
        }
        clearProgress();
        return new ArrayList<>(pending);
    }

    /** Waits until systemd on the unit's machine reports it loaded and active; returns the units that did not. */
    List<String> waitForActive(List<String> units, int attempts) throws ClientException, InterruptedException {
        Set<String> pending = new LinkedHashSet<>(units);
        // fleetctl gave a unit one 2 s window here; units that start slower deserve a few more
        long deadline = System.nanoTime() + ATTEMPT.toNanos() * (attempts <= 0 ? 5 : Math.max(attempts, 1));
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            for (String name : new ArrayList<>(pending)) {
                for (FleetUnitState s : verb.client().states(null, name)) {
                    if ("active".equals(s.systemdActiveState()) && "loaded".equals(s.systemdLoadState())) {
                        pending.remove(name);
                    }
                }
            }
            if (!pending.isEmpty()) {
                Thread.sleep(POLL.toMillis());
            }
        }
        return new ArrayList<>(pending);
    }

    private void showProgress(int done, int total, String state) {
        if (progress && total > 1) {
            verb.err().print("\r" + done + "/" + total + " units " + state + "...");
            verb.err().flush();
        }
    }

    private void clearProgress() {
        if (progress) {
            verb.err().print("\r\033[K");
            verb.err().flush();
        }
    }
}
