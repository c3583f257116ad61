package dev.flotilla.ui.machines;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerComparator;
import org.eclipse.jface.viewers.ViewerFilter;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.part.ViewPart;

import dev.flotilla.core.api.MachineInfo;
import dev.flotilla.ui.connection.ClusterConnection;
import dev.flotilla.ui.connection.ClusterProfile;
import dev.flotilla.ui.fleet.EventFollower;
import dev.flotilla.ui.fleet.FleetAccess;
import dev.flotilla.ui.fleet.ReloadJob;
import dev.flotilla.ui.support.Background;
import dev.flotilla.ui.support.Problems;
import dev.flotilla.ui.support.Widgets;

/**
 * The machines of the active cluster, like {@code fleetctl list-machines -l} plus the engine leader, the
 * number of units scheduled to each and its Docker engine. Live: a machine joining, lapsing or changing
 * metadata, the engine lease moving or a unit being placed rereads the list (coalesced).
 */
public final class MachinesView extends ViewPart implements ClusterConnection.Listener {

    public static final String ID = "dev.flotilla.ui.views.machines";
    private static final Set<String> EVENT_TYPES = Set.of("machine", "engine", "metadata", "placement", "schedule");
    private static final int[] WIDTHS = {110, 110, 130, 200, 70, 60, 260};

    private TableViewer viewer;
    private Text filterText;
    private Label summary;
    private Label problem;
    private Font bold;
    private org.eclipse.jface.resource.LocalResourceManager images;
    private volatile boolean fullIds;
    private int sortColumn;
    private boolean ascending = true;
    private String needle = "";
    private ReloadJob<List<MachineInfo>> reload;
    private volatile EventFollower follower;

    @Override
    public void createPartControl(Composite parent) {
        GridLayoutFactory.fillDefaults().spacing(0, 4).margins(0, 4).applyTo(parent);
        images = new org.eclipse.jface.resource.LocalResourceManager(
                org.eclipse.jface.resource.JFaceResources.getResources(), parent);
        Composite bar = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(3).margins(6, 0).applyTo(bar);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(bar);
        new Label(bar, SWT.NONE).setText("Filter:");
        filterText = Widgets.id(new Text(bar, SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL), "machines.filter");
        filterText.setMessage("ID, address, metadata, ...");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(filterText);
        filterText.addModifyListener(e -> {
            needle = filterText.getText().trim().toLowerCase(Locale.ROOT);
            viewer.refresh();
            showSummary();
        });
        summary = Widgets.id(new Label(bar, SWT.RIGHT), "machines.count");
        GridDataFactory.fillDefaults().align(SWT.FILL, SWT.CENTER).hint(150, SWT.DEFAULT).applyTo(summary);
        problem = Widgets.id(new Label(parent, SWT.WRAP), "machines.problem");
        problem.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_RED));
        GridDataFactory.fillDefaults().grab(true, false).exclude(true).applyTo(problem);
        problem.setVisible(false);

        viewer = new TableViewer(parent, SWT.MULTI | SWT.FULL_SELECTION | SWT.BORDER);
        Table table = Widgets.id(viewer.getTable(), "machines.table");
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(table);
        bold = org.eclipse.jface.resource.JFaceResources.getFontRegistry().getBold(
                org.eclipse.jface.resource.JFaceResources.DEFAULT_FONT);
        Image leaderImage = images.create(org.eclipse.jface.resource.ResourceLocator.imageDescriptorFromBundle(
                "dev.flotilla.ui", "icons/leader16.png").orElse(org.eclipse.jface.resource.ImageDescriptor
                        .getMissingImageDescriptor()));
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        for (int i = 0; i < MachineColumns.TITLES.length; i++) {
            int column = i;
            TableViewerColumn c = new TableViewerColumn(viewer, column == 5 ? SWT.RIGHT : SWT.LEFT);
            c.getColumn().setText(MachineColumns.TITLES[i]);
            c.getColumn().setWidth(WIDTHS[i]);
            c.getColumn().setMoveable(true);
            c.setLabelProvider(new ColumnLabelProvider() {
                @Override
                public String getText(Object element) {
                    return MachineColumns.text((MachineInfo) element, column, fullIds);
                }

                @Override
                public String getToolTipText(Object element) {
                    return column == 0 ? ((MachineInfo) element).id() : null;
                }

                @Override
                public Image getImage(Object element) {
                    return column == 4 && ((MachineInfo) element).engineLeader() ? leaderImage : null;
                }

                @Override
                public Font getFont(Object element) {
                    return ((MachineInfo) element).engineLeader() && column == 0 ? bold : null;
                }

                @Override
                public org.eclipse.swt.graphics.Color getForeground(Object element) {
                    return column == 6 && ((MachineInfo) element).docker() == null
                            ? table.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY) : null;
                }
            });
            c.getColumn().addListener(SWT.Selection, e -> sortBy(column));
        }
        org.eclipse.jface.viewers.ColumnViewerToolTipSupport.enableFor(viewer);
        viewer.setComparator(new ViewerComparator() {
            @Override
            public int compare(Viewer v, Object a, Object b) {
                int c = MachineColumns.order(sortColumn).compare((MachineInfo) a, (MachineInfo) b);
                return ascending ? c : -c;
            }
        });
        viewer.addFilter(new ViewerFilter() {
            @Override
            public boolean select(Viewer v, Object parentElement, Object element) {
                return MachineColumns.matches((MachineInfo) element, needle);
            }
        });
        table.setSortColumn(table.getColumn(0));
        table.setSortDirection(SWT.UP);
        viewer.setInput(List.of());
        getSite().setSelectionProvider(viewer);

        MenuManager context = new MenuManager("#PopupMenu", ID);
        context.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        table.setMenu(context.createContextMenu(table));
        getSite().registerContextMenu(ID, context, viewer);

        Action longIds = new Action("Show Full Machine IDs", IAction.AS_CHECK_BOX) {
            @Override
            public void run() {
                fullIds = isChecked();
                viewer.refresh();
                table.getColumn(0).pack();
            }
        };
        Action refreshAction = new Action("Refresh") {
            @Override
            public void run() {
                refresh();
            }
        };
        getViewSite().getActionBars().getMenuManager().add(longIds);
        getViewSite().getActionBars().setGlobalActionHandler("org.eclipse.ui.file.refresh", refreshAction);
        getViewSite().getActionBars().setGlobalActionHandler("refresh", refreshAction);

        reload = new ReloadJob<>("Reading the machines", table, (fleet, monitor) -> fleet.machineInfos(),
                this::machinesRead, e -> showProblem(Problems.describe("Cannot read the machines", e)));
        ClusterConnection.active().addListener(this);
        clusterChanged(ClusterConnection.active().profile());
        showSummary();
    }

    public TableViewer viewer() {
        return viewer;
    }

    /** Rereads the machines now. */
    public void refresh() {
        reload.request();
    }

    /** Shows machine IDs in full (true) or fleetctl's 8 characters. */
    public void setFullIds(boolean full) {
        fullIds = full;
        viewer.refresh();
    }

    private void machinesRead(List<MachineInfo> machines) {
        showProblem(null);
        viewer.setInput(machines);
        showSummary();
    }

    private void sortBy(int column) {
        ascending = column == sortColumn ? !ascending : true;
        sortColumn = column;
        Table table = viewer.getTable();
        table.setSortColumn(table.getColumn(column));
        table.setSortDirection(ascending ? SWT.UP : SWT.DOWN);
        viewer.refresh();
    }

    private void showSummary() {
        int all = ((List<?>) viewer.getInput()).size();
        int shown = viewer.getTable().getItemCount();
        summary.setText(shown == all ? all + (all == 1 ? " machine" : " machines") : shown + " of " + all + " machines");
    }

    private void showProblem(String text) {
        boolean show = text != null;
        problem.setText(show ? text : "");
        problem.setVisible(show);
        ((org.eclipse.swt.layout.GridData) problem.getLayoutData()).exclude = !show;
        problem.getParent().layout(true);
    }

    @Override
    public void clusterChanged(ClusterProfile profile) {
        Job old = follower;
        if (old != null) {
            old.cancel();
        }
        var fleet = FleetAccess.client();
        follower = null;
        if (fleet == null) {
            Background.onUi(viewer.getTable(), () -> machinesRead(List.of()));
            return;
        }
        EventFollower f = new EventFollower("Following machine changes", fleet, EVENT_TYPES, e -> reload.request());
        follower = f;
        f.schedule();
        reload.request();
    }

    @Override
    public void reconnected() {
        reload.request();
    }

    @Override
    public void setFocus() {
        viewer.getTable().setFocus();
    }

    @Override
    public void dispose() {
        ClusterConnection.active().removeListener(this);
        Job f = follower;
        if (f != null) {
            f.cancel();
        }
        reload.cancel();
        super.dispose();
    }
}
