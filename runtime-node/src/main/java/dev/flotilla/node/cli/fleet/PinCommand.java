package dev.flotilla.node.cli.fleet;

import dev.flotilla.core.api.FleetMachine;
import dev.flotilla.core.api.PinResult;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.FleetApiException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flotilla pin UNIT MACHINE}: move a unit to a machine of the operator's choice, if its rules allow. */
@Command(name = "pin", mixinStandardHelpOptions = true,
        description = {"Pin a unit to a machine: the engine moves it there if the unit's [X-Fleet] rules allow it, "
                + "and refuses, naming the rule, otherwise.",
                "MACHINE is a machine ID or a unique prefix of one (as list-machines shows it, with or without "
                        + "the dots). The command waits until the unit runs there."},
        footerHeading = "%nExample:%n",
        footer = {"  flotilla pin web.service 113f16a7", "  flotilla pin --remove web.service"})
public final class PinCommand extends FleetVerb {
    @Option(names = "--remove", description = "Remove the unit's pin; the engine may then place it anywhere.")
    boolean remove;

    @Parameters(arity = "1..2", paramLabel = "UNIT MACHINE")
    List<String> args;

    @Override
    public Integer call() {
        String name = mangle(args.get(0));
        try {
            if (remove) {
                if (args.size() != 1) {
                    throw fail("--remove takes only the unit");
                }
                if (!client().unpin(name)) {
                    throw fail("Unit " + name + " is not pinned");
                }
                stdout("Unit " + name + " unpinned");
                return 0;
            }
            if (args.size() != 2) {
                throw fail("Give the unit and the machine: flotilla pin UNIT MACHINE");
            }
            String machine = resolve(args.get(1));
            PinResult r = client().pin(name, machine);
            stdout(r.placed() ? "Unit " + name + " launched on " + fullLegend(machine, false)
                    : "Unit " + name + " pinned to " + fullLegend(machine, false) + ": " + r.message());
            return 0;
        } catch (FleetApiException e) {
            throw fail("Error pinning unit " + name + ": " + e.serverMessage());
        } catch (ClientException e) {
            throw fail("Error pinning unit " + name + ": " + e.getMessage());
        }
    }

    private String resolve(String arg) throws ClientException {
        String prefix = arg.endsWith("...") ? arg.substring(0, arg.length() - 3) : arg;
        List<String> matches = client().machines().stream().map(FleetMachine::id)
                .filter(id -> id.equals(prefix) || id.startsWith(prefix)).toList();
        if (matches.contains(prefix)) {
            return prefix;
        }
        if (matches.size() != 1) {
            throw fail(matches.isEmpty() ? "No machine " + arg + " in the cluster (see flotilla list-machines)"
                    : "Machine " + arg + " is ambiguous: " + String.join(", ", matches));
        }
        return matches.get(0);
    }
}
