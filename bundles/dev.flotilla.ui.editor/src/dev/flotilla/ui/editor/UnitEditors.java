package dev.flotilla.ui.editor;

import java.nio.file.Path;

import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;

import dev.flotilla.ui.connection.ClusterConnection;

/** Opens units in the editor: for the units view (a submitted unit) and for files on disk. UI thread only. */
public final class UnitEditors {

    private UnitEditors() {
    }

    /** Opens a unit of the active cluster with the text it has there; saving submits or replaces it. */
    public static UnitEditor open(IWorkbenchPage page, String unitName, String text) throws PartInitException {
        return (UnitEditor) page.openEditor(new UnitEditorInput(unitName, text, ClusterConnection.active().profile()),
                UnitEditor.ID);
    }

    /** Opens a unit file from disk; saving writes it back. */
    public static UnitEditor openFile(IWorkbenchPage page, Path file) throws PartInitException {
        return (UnitEditor) page.openEditor(new UnitFileEditorInput(file), UnitEditor.ID);
    }
}
