package dev.flotilla.ui.editor.cluster;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.eclipse.jface.window.Window;
import org.eclipse.swt.widgets.Control;

import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.unit.Diagnostic;
import dev.flotilla.core.unit.fleet.FleetHash;
import dev.flotilla.ui.editor.model.UnitDocument;
import dev.flotilla.ui.support.Background;
import dev.flotilla.ui.support.Problems;

/**
 * Submits the edited unit: a unit the cluster does not have is submitted (inactive, as {@code fleetctl submit}
 * does); one it runs in another version is replaced after the user has seen the line diff against what runs; the
 * same version is left alone. A unit with errors is not sent at all. Network calls run in jobs.
 */
public final class UnitSubmitter {

    /** How it ended, in words for the editor's header; {@code accepted} when the cluster now has this version. */
    public record Outcome(boolean accepted, String message) { }

    private UnitSubmitter() {
    }

    public static void submit(Control owner, UnitDocument model, Consumer<Outcome> done) {
        String name = model.unitName();
        if (model.hasErrors()) {
            Diagnostic first = model.diagnostics().stream().filter(Diagnostic::isError).findFirst().orElseThrow();
            long errors = model.diagnostics().stream().filter(Diagnostic::isError).count();
            done.accept(new Outcome(false, "Not submitted: " + name + " has " + errors + " error(s), the first at line "
                    + first.line() + ", column " + first.column() + ": " + first.message()));
            return;
        }
        String text = new String(model.bytes(), java.nio.charset.StandardCharsets.UTF_8);
        FleetHash.Parsed parsed = FleetHash.parse(text);
        if (!parsed.ok()) {
            done.accept(new Outcome(false, "Not submitted: fleet cannot read line " + parsed.errorLine() + ": "
                    + parsed.error()));
            return;
        }
        Background.run("Look up " + name + " in the cluster", owner,
                m -> ClusterAccess.fleet().unit(name),
                existing -> decide(owner, name, text, existing, done),
                e -> done.accept(new Outcome(false, Problems.describe("Cannot submit " + name, e))));
    }

    private static void decide(Control owner, String name, String text, Optional<FleetUnit> existing,
            Consumer<Outcome> done) {
        if (existing.isEmpty()) {
            send(owner, name, text, false, done, "Submitted " + name + " to the cluster (inactive).");
            return;
        }
        String running = ClusterAccess.text(existing.get());
        String next = FleetHash.serialize(FleetHash.parse(text).options());
        List<LineDiff.Line> diff = LineDiff.of(running, next);
        if (LineDiff.isEmpty(diff)) {
            done.accept(new Outcome(true, "The cluster already has this version of " + name + "."));
            return;
        }
        DiffDialog dialog = new DiffDialog(owner.getShell(), name, diff);
        if (dialog.open() != Window.OK) {
            done.accept(new Outcome(false, "Not replaced: " + name + " in the cluster is unchanged."));
            return;
        }
        send(owner, name, text, true, done, "Replaced " + name + " in the cluster.");
    }

    private static void send(Control owner, String name, String text, boolean replace, Consumer<Outcome> done,
            String success) {
        Background.run((replace ? "Replace " : "Submit ") + name, owner, m -> {
            ClusterAccess.fleet().submit(name, ClusterAccess.options(text), null, replace);
            return Boolean.TRUE;
        }, ok -> done.accept(new Outcome(true, success)),
                e -> done.accept(new Outcome(false, Problems.describe("Cannot " + (replace ? "replace " : "submit ")
                        + name, e))));
    }
}
