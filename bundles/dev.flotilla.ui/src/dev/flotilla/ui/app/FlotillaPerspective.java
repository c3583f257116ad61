package dev.flotilla.ui.app;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

import dev.flotilla.ui.connection.ConnectionsView;
import dev.flotilla.ui.journal.JournalView;
import dev.flotilla.ui.keys.KeyValueView;
import dev.flotilla.ui.machines.MachinesView;
import dev.flotilla.ui.topology.TopologyView;
import dev.flotilla.ui.units.UnitsView;

/**
 * The cluster at a glance: connections on the left, the working views in the middle, the journal below.
 * No editor area until there are editors to show.
 */
public final class FlotillaPerspective implements IPerspectiveFactory {

    public static final String ID = "dev.flotilla.ui.perspective";
    /** The middle stack where the cluster views open. */
    public static final String MAIN_FOLDER = "dev.flotilla.ui.folder.main";
    /** The stack below the main one, where the journal follows units. */
    public static final String BOTTOM_FOLDER = "dev.flotilla.ui.folder.bottom";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editors = layout.getEditorArea();
        layout.setEditorAreaVisible(false);
        layout.addView(ConnectionsView.ID, IPageLayout.LEFT, 0.26f, editors);
        IFolderLayout main = layout.createFolder(MAIN_FOLDER, IPageLayout.RIGHT, 0.26f, ConnectionsView.ID);
        addFleetViews(layout, main);
        main.addView(KeyValueView.ID);
        IFolderLayout bottom = layout.createFolder(BOTTOM_FOLDER, IPageLayout.BOTTOM, 0.5f, MAIN_FOLDER);
        bottom.addView(JournalView.ID);
        layout.addShowViewShortcut(JournalView.ID);
        layout.addShowViewShortcut(ConnectionsView.ID);
        layout.addShowViewShortcut(KeyValueView.ID);
    }

    /** Units in front (what users act on most), machines and the topology beside them. */
    private static void addFleetViews(IPageLayout layout, IFolderLayout main) {
        main.addView(UnitsView.ID);
        main.addView(MachinesView.ID);
        main.addView(TopologyView.ID); // a tab of the same stack: it wants the room the tables have
        layout.addShowViewShortcut(UnitsView.ID);
        layout.addShowViewShortcut(MachinesView.ID);
        layout.addShowViewShortcut(TopologyView.ID);
    }
}
