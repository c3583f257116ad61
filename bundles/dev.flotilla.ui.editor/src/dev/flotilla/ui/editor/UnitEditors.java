package dev.flotilla.ui.editor;

import java.nio.file.Path;

import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;

import dev.flotilla.ui.connection.ClusterConnection;
import dev.flotilla.ui.editor.cluster.ClusterAccess;
import dev.flotilla.ui.support.Background;
import dev.flotilla.ui.support.Problems;

/** Opens units in the editor: for the units view (a submitted unit) and for files on disk. UI thread only. */
public final class UnitEditors {

    private UnitEditors() {
    }

    /** Opens a unit of the active cluster with the text it has there; saving submits or replaces it. */
    public static UnitEditor open(IWorkbenchPage page, String unitName, String text) throws PartInitException {
        showEditorArea(page);
        return (UnitEditor) page.openEditor(new UnitEditorInput(unitName, text, ClusterConnection.active().profile()),
                UnitEditor.ID);
    }

    /**
     * Reads a submitted unit from the active cluster (in a job) and opens it; a unit that is gone or a cluster that
     * does not answer is reported in a dialog. For views that only know the unit's name.
     */
    public static void openSubmitted(IWorkbenchPage page, String unitName) {
        Background.run("Open " + unitName, page.getWorkbenchWindow().getShell(),
                m -> ClusterAccess.fleet().unit(unitName),
                unit -> {
                    if (unit.isEmpty()) {
                        Problems.show("Open Unit", "Cannot open " + unitName + ": the cluster has no such unit");
                        return;
                    }
                    try {
                        open(page, unitName, ClusterAccess.text(unit.get()));
                    } catch (PartInitException e) {
                        Problems.show("Open Unit", Problems.describe("Cannot open " + unitName, e));
                    }
                },
                e -> Problems.show("Open Unit", Problems.describe("Cannot read " + unitName, e)));
    }

    /** Opens a unit file from disk; saving writes it back. */
    public static UnitEditor openFile(IWorkbenchPage page, Path file) throws PartInitException {
        showEditorArea(page);
        return (UnitEditor) page.openEditor(new UnitFileEditorInput(file), UnitEditor.ID);
    }

    /** The Flotilla perspective hides the editor area until there is an editor to show. */
    private static void showEditorArea(IWorkbenchPage page) {
        if (!page.isEditorAreaVisible()) {
            page.setEditorAreaVisible(true);
        }
    }
}
