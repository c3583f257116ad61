package dev.flotilla.ui.editor;

import java.nio.file.Path;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

import dev.flotilla.ui.support.Problems;

/** File › Open Unit File…: picks a unit file and opens it in the unit editor. */
public final class OpenUnitFileHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
        FileDialog dialog = new FileDialog(window.getShell(), SWT.OPEN);
        dialog.setText("Open Unit File");
        dialog.setFilterExtensions(new String[] {"*.service;*.unit;*.socket;*.timer;*.path", "*"});
        dialog.setFilterNames(new String[] {"Unit files", "All files"});
        String chosen = dialog.open();
        if (chosen != null) {
            try {
                UnitEditors.openFile(window.getActivePage(), Path.of(chosen));
            } catch (PartInitException e) {
                Problems.show("Open Unit File", Problems.describe("Cannot open " + chosen, e));
            }
        }
        return null;
    }
}
