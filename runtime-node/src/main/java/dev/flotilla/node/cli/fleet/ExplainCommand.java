package dev.flotilla.node.cli.fleet;

import dev.flotilla.core.api.Explanation;
import dev.flotilla.core.client.ClientException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code flotilla explain UNIT}: where the engine would put the unit now, and why not on every other machine. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explain where a unit would be placed and why each other machine is excluded.",
                "A dry run of the engine on the cluster as it is now: the chosen machine, and for every machine "
                        + "the [X-Fleet] rule (MachineID, MachineOf, MachineMetadata, Conflicts, Replaces, pin) that "
                        + "rules it out."},
        footerHeading = "%nExample:%n", footer = {"  flotilla explain nginx@2.service", "  flotilla explain -o json web"})
public final class ExplainCommand extends FleetVerb {
    @Mixin
    ListingOptions listing = new ListingOptions();

    @Parameters(arity = "1", paramLabel = "UNIT")
    String unit;

    @Override
    public Integer call() {
        String name = mangle(unit);
        Explanation e;
        try {
            e = client().explain(name);
        } catch (ClientException ex) {
            throw fail("Error explaining unit " + name + ": " + ex.getMessage());
        }
        if (globals().output().isJson()) {
            printJson(e);
            return 0;
        }
        try {
            List<String> now = new ArrayList<>();
            for (String m : e.currentMachines()) {
                now.add(fullLegend(m, listing.full));
            }
            stdout("Unit " + name + (now.isEmpty() ? " is not placed" : " runs on " + String.join(", ", now)));
            if (e.global()) {
                stdout("Global unit: it runs on every eligible machine");
            } else if (e.chosenMachine() != null) {
                stdout("Placed now, it would go to " + fullLegend(e.chosenMachine(), listing.full));
            } else {
                stdout("It cannot be placed: " + (e.reason() == null ? "no eligible machine" : e.reason()));
            }
            stdout("");
            List<String> cols = List.of("machine", "units", "verdict", "reason");
            List<List<String>> rows = new ArrayList<>();
            for (Explanation.Verdict v : e.machines()) {
                rows.add(List.of(fullLegend(v.machineID(), listing.full), Integer.toString(v.load()),
                        v.eligible() ? "eligible" : "excluded", v.reason() == null ? "-" : v.reason()));
            }
            out().print(listing.table(cols, rows));
            out().flush();
        } catch (ClientException ex) {
            throw fail("Error explaining unit " + name + ": " + ex.getMessage());
        }
        return 0;
    }
}
