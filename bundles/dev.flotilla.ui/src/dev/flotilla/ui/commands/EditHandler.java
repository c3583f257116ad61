package dev.flotilla.ui.commands;

import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.HandlerUtil;

import dev.flotilla.ui.connection.ClusterConnection;
import dev.flotilla.ui.connection.ClusterProfile;
import dev.flotilla.ui.support.Problems;

/** Opens the selected units in the unit editor, when the editor bundle is installed. */
public final class EditHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        List<String> units = Selections.unitNames(event);
        if (units.isEmpty()) {
            return null;
        }
        if (PlatformUI.getWorkbench().getEditorRegistry().findEditor(UnitEditorInput.EDITOR_ID) == null) {
            MessageDialog.openInformation(HandlerUtil.getActiveShell(event), "Edit Unit",
                    "The unit editor is not installed in this workbench.");
            return null;
        }
        ClusterProfile profile = ClusterConnection.active().profile();
        IWorkbenchPage page = HandlerUtil.getActiveWorkbenchWindow(event).getActivePage();
        page.setEditorAreaVisible(true); // the perspective starts without one
        for (String unit : units) {
            try {
                page.openEditor(new UnitEditorInput(profile == null ? null : profile.id(), unit),
                        UnitEditorInput.EDITOR_ID);
            } catch (PartInitException e) {
                Problems.show("Edit Unit", Problems.describe("Cannot open " + unit, e));
            }
        }
        return null;
    }
}
