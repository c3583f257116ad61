package dev.flotilla.ui.units;

import java.util.List;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;

import dev.flotilla.core.client.FleetClient;
import dev.flotilla.ui.fleet.FleetAccess;
import dev.flotilla.ui.support.Background;
import dev.flotilla.ui.support.Problems;

/**
 * Runs a {@link UnitOperation} on units from the UI: asks first when it is destructive, then works in a
 * cancelable job; the views see the outcome through the event stream, failures are shown in a dialog.
 */
public final class UnitActions {

    private UnitActions() {
    }

    /** The title of the confirmation dialog, e.g. "Destroy Units". */
    public static String confirmTitle(UnitOperation op) {
        return op.label() + " Units";
    }

    /**
     * Confirms (destructive operations only) and runs {@code op} on {@code unitNames}; UI thread.
     *
     * @return false when the user declined or there is no cluster
     */
    public static boolean run(Shell shell, UnitOperation op, List<String> unitNames) {
        if (unitNames.isEmpty()) {
            return false;
        }
        FleetClient fleet = FleetAccess.client();
        if (fleet == null) {
            MessageDialog.openInformation(shell, op.label(), "Connect to a cluster first (Connections view).");
            return false;
        }
        if (op.destructive() && !confirm(shell, op, unitNames)) {
            return false;
        }
        String what = op.label() + " " + (unitNames.size() == 1 ? unitNames.get(0) : unitNames.size() + " units");
        Background.run(what, shell, monitor -> op.apply(fleet, unitNames, monitor), done -> {
        }, e -> Problems.show(what, Problems.reason(e)));
        return true;
    }

    /** A warning whose buttons say what happens; Cancel is the default, so Enter destroys nothing. */
    private static boolean confirm(Shell shell, UnitOperation op, List<String> names) {
        MessageDialog dialog = new MessageDialog(shell, confirmTitle(op), null, question(op, names),
                MessageDialog.WARNING, 1, op.label(), IDialogConstants.CANCEL_LABEL);
        return dialog.open() == 0;
    }

    static String question(UnitOperation op, List<String> names) {
        boolean one = names.size() == 1;
        String what = one ? names.get(0) : names.size() + " units";
        String list = one ? "" : "\n\n" + (names.size() <= 8 ? String.join("\n", names)
                : String.join("\n", names.subList(0, 8)) + "\n… and " + (names.size() - 8) + " more");
        return switch (op) {
            case DESTROY -> "Destroy " + what + "? " + (one ? "It is" : "They are") + " stopped, unloaded and "
                    + "removed from the cluster; this cannot be undone." + list;
            case UNLOAD -> "Unload " + what + "? " + (one ? "It stops and leaves its machine."
                    : "They stop and leave their machines.") + list;
            default -> op.label() + " " + what + "?" + list;
        };
    }
}
