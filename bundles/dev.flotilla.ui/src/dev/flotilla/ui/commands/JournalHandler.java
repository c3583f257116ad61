package dev.flotilla.ui.commands;

import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.HandlerUtil;

import dev.flotilla.ui.support.Problems;

/** Opens the Journal view on the selected units. */
public final class JournalHandler extends AbstractHandler {

    public static final String JOURNAL_VIEW = "dev.flotilla.ui.views.journal";

    @Override
    public Object execute(ExecutionEvent event) {
        List<String> units = Selections.unitNames(event);
        if (PlatformUI.getWorkbench().getViewRegistry().find(JOURNAL_VIEW) == null) {
            MessageDialog.openInformation(HandlerUtil.getActiveShell(event), "Journal",
                    "The Journal view is not installed in this workbench, so the journal of "
                            + (units.isEmpty() ? "the units" : String.join(", ", units)) + " cannot be shown here. "
                            + "Use 'flotilla journal UNIT' on the command line.");
            return null;
        }
        IWorkbenchPage page = HandlerUtil.getActiveWorkbenchWindow(event).getActivePage();
        try {
            IViewPart view = page.showView(JOURNAL_VIEW);
            ShowsUnits target = Adapters.adapt(view, ShowsUnits.class);
            if (target != null && !units.isEmpty()) {
                target.showUnits(units);
            }
        } catch (PartInitException e) {
            Problems.show("Journal", Problems.describe("Cannot open the Journal view", e));
        }
        return null;
    }
}
