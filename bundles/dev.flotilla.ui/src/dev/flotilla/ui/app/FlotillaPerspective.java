package dev.flotilla.ui.app;

import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

import dev.flotilla.ui.keys.KeyValueView;

/** The cluster at a glance: for now the key-value browser fills the window; no editor area. */
public final class FlotillaPerspective implements IPerspectiveFactory {

    public static final String ID = "dev.flotilla.ui.perspective";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        layout.setEditorAreaVisible(false);
        layout.addView(KeyValueView.ID, IPageLayout.LEFT, 0.95f, layout.getEditorArea());
        layout.getViewLayout(KeyValueView.ID).setCloseable(false);
    }
}
