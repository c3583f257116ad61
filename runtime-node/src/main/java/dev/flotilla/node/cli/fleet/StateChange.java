package dev.flotilla.node.cli.fleet;

import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.client.ClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The shared body of load/start (raise, creating what is missing) and stop/unload (lower), as fleetctl does them. */
final class StateChange {
    private StateChange() {}

    static int raise(FleetVerb v, List<String> args, String verb, String state, boolean replace, int attempts)
            throws InterruptedException {
        try {
            new UnitCreation(v, verb, replace).createMissing(args, attempts);
        } catch (ClientException e) {
            throw FleetVerb.fail("Error creating units: " + e.getMessage());
        }
        List<FleetUnit> triggered = new ArrayList<>();
        try {
            for (String name : args.stream().map(FleetVerb::mangle).distinct().toList()) {
                Optional<FleetUnit> u = v.client().unit(name);
                if (u.isEmpty()) {
                    throw FleetVerb.fail("Error " + gerund(verb) + " units: unable to find unit " + name);
                }
                if (state.equals(u.get().desiredState())) {
                    continue;
                }
                v.client().setDesired(name, state);
                triggered.add(u.get());
            }
        } catch (ClientException e) {
            throw FleetVerb.fail("Error " + gerund(verb) + " units: " + e.getMessage());
        }
        List<String> waiting = new ArrayList<>();
        for (FleetUnit u : triggered) {
            if (FleetVerb.isGlobal(u)) {
                v.stdout("Triggered global unit " + u.name() + " " + verb);
            } else {
                waiting.add(u.name());
            }
        }
        if (attempts < 0) {
            waiting.forEach(n -> v.stdout("Triggered unit " + n + " " + verb));
            return 0;
        }
        try {
            UnitWaiter w = new UnitWaiter(v);
            List<String> late = w.waitForState(waiting, state, attempts);
            if (!late.isEmpty()) {
                v.stderr("Error waiting for units: timed out waiting for unit " + late.get(0) + " to report state "
                        + state);
                throw FleetVerb.fail("Error waiting for unit states, exit status: timed out waiting for unit "
                        + late.get(0) + " to report state " + state);
            }
            if (FleetUnit.LAUNCHED.equals(state)) {
                List<String> inactive = w.waitForActive(waiting, attempts);
                if (!inactive.isEmpty()) {
                    throw FleetVerb.fail("Error waiting for systemd unit states, err: Failed to find an active unit "
                            + inactive.get(0));
                }
            }
        } catch (ClientException e) {
            throw FleetVerb.fail("Error waiting for unit states, exit status: " + e.getMessage());
        }
        return 0;
    }

    /** stop (to loaded) and unload (to inactive) of the units that exist. */
    static int lower(FleetVerb v, List<String> args, String verb, String state, int attempts)
            throws InterruptedException {
        List<FleetUnit> units;
        try {
            units = v.findUnits(args);
        } catch (ClientException e) {
            throw FleetVerb.fail(e.getMessage());
        }
        if (units.isEmpty()) {
            v.stderr("Units not found in registry");
            return 0;
        }
        List<String> waiting = new ArrayList<>();
        try {
            for (FleetUnit u : units) {
                boolean global = FleetVerb.isGlobal(u);
                if (!global) {
                    if (verb.equals("stop") && FleetUnit.INACTIVE.equals(u.currentState())) {
                        throw FleetVerb.fail("Unable to stop unit " + u.name() + " in state inactive");
                    }
                    if (state.equals(u.currentState())) {
                        continue;
                    }
                }
                v.client().setDesired(u.name(), state);
                if (global) {
                    v.stdout("Triggered global unit " + u.name() + " " + verb);
                } else {
                    waiting.add(u.name());
                }
            }
            if (attempts < 0) {
                waiting.forEach(n -> v.stdout("Triggered unit " + n + " " + verb));
            } else {
                List<String> late = new UnitWaiter(v).waitForState(waiting, state, attempts);
                if (!late.isEmpty()) {
                    throw FleetVerb.fail("Failed to " + verb + " units " + FleetVerb.goList(waiting)
                            + ". err: timed out waiting for unit " + late.get(0) + " to report state " + state);
                }
            }
        } catch (ClientException e) {
            throw FleetVerb.fail("Failed to " + verb + " units " + FleetVerb.goList(waiting) + ". err: "
                    + e.getMessage());
        }
        v.stderr("Successfully " + (verb.equals("stop") ? "stopped" : "unloaded") + " units "
                + FleetVerb.goList(waiting) + ".");
        return 0;
    }

    private static String gerund(String verb) {
        return verb.equals("start") ? "starting" : verb + "ing";
    }
}
