package dev.flotilla.ui.support;

import org.eclipse.core.runtime.ListenerList;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.ISelectionChangedListener;
import org.eclipse.jface.viewers.ISelectionProvider;
import org.eclipse.jface.viewers.SelectionChangedEvent;

/**
 * The selection provider of a view whose selection only the user makes (a canvas, a virtual table without a
 * JFace viewer): it answers what {@link #getSelection()} computes and tells the workbench (command enablement,
 * context menus) when the view calls {@link #fire()}.
 */
public abstract class UserSelectionProvider implements ISelectionProvider {
    private final ListenerList<ISelectionChangedListener> listeners = new ListenerList<>();

    @Override
    public void setSelection(ISelection s) {
        // the user selects in the view itself
    }

    @Override
    public void addSelectionChangedListener(ISelectionChangedListener l) {
        listeners.add(l);
    }

    @Override
    public void removeSelectionChangedListener(ISelectionChangedListener l) {
        listeners.remove(l);
    }

    /** Tells the listeners the selection changed; call on the UI thread. */
    public void fire() {
        SelectionChangedEvent e = new SelectionChangedEvent(this, getSelection());
        for (ISelectionChangedListener l : listeners) {
            l.selectionChanged(e);
        }
    }
}
