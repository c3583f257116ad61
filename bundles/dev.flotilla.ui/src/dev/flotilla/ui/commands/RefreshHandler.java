package dev.flotilla.ui.commands;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.action.IAction;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.handlers.HandlerUtil;

/** Rereads the active view from the cluster: runs the refresh action the view registered (F5 does too). */
public final class RefreshHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        IWorkbenchPart part = HandlerUtil.getActivePart(event);
        if (part instanceof IViewPart view) {
            IAction refresh = view.getViewSite().getActionBars().getGlobalActionHandler("org.eclipse.ui.file.refresh");
            if (refresh != null && refresh.isEnabled()) {
                refresh.run();
            }
        }
        return null;
    }
}
