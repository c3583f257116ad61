package dev.flotilla.ui.editor;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.handlers.HandlerUtil;

import dev.flotilla.ui.units.UnitRow;

/**
 * The Units view's Edit command ({@code dev.flotilla.ui.commands.edit}, declared by dev.flotilla.ui): opens each
 * selected unit with the text the cluster has for it. The handler lives here, declared in this bundle's plugin.xml,
 * because dev.flotilla.ui cannot see the editor (this bundle depends on it, not the other way round); without this
 * bundle the command simply has no handler and shows disabled.
 */
public final class EditUnitHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IWorkbenchPage page = HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage();
        ISelection s = HandlerUtil.getCurrentSelection(event);
        if (s instanceof IStructuredSelection structured) {
            for (Object o : structured) {
                if (o instanceof UnitRow row) {
                    UnitEditors.openSubmitted(page, row.unit()); // reads the unit in a job, then opens it
                }
            }
        }
        return null;
    }
}
