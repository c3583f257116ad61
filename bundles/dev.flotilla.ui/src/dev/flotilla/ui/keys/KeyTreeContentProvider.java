package dev.flotilla.ui.keys;

import org.eclipse.jface.viewers.ITreeContentProvider;

/** Children of the root {@link KeyNode} as top level, each directory's children below it. */
final class KeyTreeContentProvider implements ITreeContentProvider {

    @Override
    public Object[] getElements(Object input) {
        return input instanceof KeyNode root ? root.children().toArray() : new Object[0];
    }

    @Override
    public Object[] getChildren(Object parent) {
        return parent instanceof KeyNode node ? node.children().toArray() : new Object[0];
    }

    @Override
    public Object getParent(Object element) {
        return null; // not needed: the viewer walks down from the input
    }

    @Override
    public boolean hasChildren(Object element) {
        return element instanceof KeyNode node && !node.children().isEmpty();
    }
}
