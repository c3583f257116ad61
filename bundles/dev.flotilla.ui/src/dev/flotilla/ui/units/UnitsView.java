package dev.flotilla.ui.units;

import dev.flotilla.ui.support.UserSelectionProvider;
import java.text.NumberFormat;
import java.util.List;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.part.ViewPart;

import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.api.FleetUnitState;
import dev.flotilla.core.api.MachineInfo;
import dev.flotilla.ui.connection.ClusterConnection;
import dev.flotilla.ui.connection.ClusterProfile;
import dev.flotilla.ui.fleet.EventFollower;
import dev.flotilla.ui.fleet.FleetAccess;
import dev.flotilla.ui.fleet.ReloadJob;
import dev.flotilla.ui.support.Problems;
import dev.flotilla.ui.support.Widgets;

/**
 * All units of the active cluster like {@code fleetctl list-units} plus desired and current state, kept live
 * by the cluster's event stream (every change of a unit, its placement or its state rereads the
 * list, coalesced), filtered by text, regular expression or state and sorted by any column off the UI thread.
 * Actions on the selection are commands (context menu, Units menu, key bindings, Quick Access).
 */
public final class UnitsView extends ViewPart implements ClusterConnection.Listener {

    public static final String ID = "dev.flotilla.ui.views.units";
    static final String[] STATES = {"", "launched", "loaded", "inactive", "active", "failed", "running", "dead"};
    private static final Set<String> EVENT_TYPES = Set.of("unit", "state", "placement", "schedule");

    private UnitTableViewer units;
    private Text filterText;
    private Button regex;
    private Combo state;
    private Label count;
    private Label problem;
    private ReloadJob<List<UnitRow>> reload;
    private EventFollower follower;
    private final ComputeJob compute = new ComputeJob();
    private final RowSelection selection = new RowSelection();
    // what the next computation uses: the latest of each, written on the UI thread or by the reload
    private volatile List<UnitRow> rows = List.of();
    private volatile UnitTable.Filter filter = UnitTable.Filter.NONE;
    private volatile int sortColumn;
    private volatile boolean ascending = true;

    @Override
    public void createPartControl(Composite parent) {
        GridLayoutFactory.fillDefaults().numColumns(1).spacing(0, 4).margins(0, 4).applyTo(parent);
        Composite bar = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(6).margins(6, 0).applyTo(bar);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(bar);
        new Label(bar, SWT.NONE).setText("Filter:");
        filterText = Widgets.id(new Text(bar, SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL), "units.filter");
        filterText.setMessage("unit, machine or state");
        GridDataFactory.fillDefaults().grab(true, false).hint(240, SWT.DEFAULT).applyTo(filterText);
        filterText.addModifyListener(e -> filterChanged());
        regex = Widgets.id(new Button(bar, SWT.CHECK), "units.regex");
        regex.setText("Regex");
        regex.setToolTipText("Treat the filter as a regular expression");
        regex.addListener(SWT.Selection, e -> filterChanged());
        new Label(bar, SWT.NONE).setText("State:");
        state = Widgets.id(new Combo(bar, SWT.READ_ONLY), "units.state");
        for (String s : STATES) {
            state.add(s.isEmpty() ? "any" : s);
        }
        state.select(0);
        state.addListener(SWT.Selection, e -> filterChanged());
        count = Widgets.id(new Label(bar, SWT.RIGHT), "units.count");
        GridDataFactory.fillDefaults().align(SWT.FILL, SWT.CENTER).hint(170, SWT.DEFAULT).applyTo(count);
        problem = Widgets.id(new Label(parent, SWT.WRAP), "units.problem");
        problem.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_RED));
        GridDataFactory.fillDefaults().grab(true, false).exclude(true).applyTo(problem);
        problem.setVisible(false);

        units = new UnitTableViewer(parent, this::sortBy);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(units.table());
        units.table().addListener(SWT.Selection, e -> selection.fire());
        getSite().setSelectionProvider(selection);

        MenuManager context = new MenuManager("#PopupMenu", ID);
        context.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        units.table().setMenu(context.createContextMenu(units.table()));
        getSite().registerContextMenu(ID, context, selection);

        Action refreshAction = new Action("Refresh") {
            @Override
            public void run() {
                refresh();
            }
        };
        getViewSite().getActionBars().setGlobalActionHandler("org.eclipse.ui.file.refresh", refreshAction);
        getViewSite().getActionBars().setGlobalActionHandler("refresh", refreshAction);

        reload = new ReloadJob<>("Reading the units", units.table(), (fleet, monitor) -> {
            List<FleetUnit> list = fleet.units();
            List<FleetUnitState> states = fleet.states(null, null);
            List<MachineInfo> machines = fleet.machineInfos();
            return UnitRow.join(list, states, machines);
        }, this::rowsRead, e -> showProblem(Problems.describe("Cannot read the units", e)));
        ClusterConnection.active().addListener(this);
        clusterChanged(ClusterConnection.active().profile());
        showCount();
    }

    /** Rereads everything from the cluster now. */
    public void refresh() {
        if (reload != null) {
            reload.request();
        }
    }

    /** Shows {@code newRows} as if read from the cluster (the reload's path, without the network). */
    public void rowsRead(List<UnitRow> newRows) {
        rows = List.copyOf(newRows);
        showProblem(null);
        compute.schedule();
    }

    public UnitTableViewer table() {
        return units;
    }

    private void filterChanged() {
        int s = state.getSelectionIndex();
        filter = new UnitTable.Filter(filterText.getText(), regex.getSelection(), s <= 0 ? "" : STATES[s]);
        compute.schedule();
    }

    private void sortBy(int column) {
        ascending = column == sortColumn ? !ascending : true;
        sortColumn = column;
        compute.schedule();
    }

    private void showProblem(String text) {
        if (problem.isDisposed()) {
            return;
        }
        boolean show = text != null;
        problem.setText(show ? text : "");
        problem.setVisible(show);
        ((org.eclipse.swt.layout.GridData) problem.getLayoutData()).exclude = !show;
        problem.getParent().layout(true);
    }

    private void showCount() {
        UnitTable t = units.current();
        NumberFormat n = NumberFormat.getIntegerInstance();
        count.setText(t.size() == t.total() ? n.format(t.total()) + " units"
                : n.format(t.size()) + " of " + n.format(t.total()) + " units");
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
            if (units != null) {
                org.eclipse.swt.widgets.Table t = units.table();
                dev.flotilla.ui.support.Background.onUi(t, () -> rowsRead(List.of()));
            }
            return;
        }
        EventFollower f = new EventFollower("Following unit changes", fleet, EVENT_TYPES, e -> reload.request());
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
        units.table().setFocus();
    }

    @Override
    public void dispose() {
        ClusterConnection.active().removeListener(this);
        Job f = follower;
        if (f != null) {
            f.cancel();
        }
        if (reload != null) {
            reload.cancel();
        }
        compute.cancel();
        super.dispose();
    }

    /** Filters and sorts the latest rows off the UI thread; the last scheduled run always wins. */
    private final class ComputeJob extends Job {
        ComputeJob() {
            super("Filtering and sorting the units");
            setSystem(true);
        }

        @Override
        protected IStatus run(IProgressMonitor monitor) {
            UnitTable next;
            try {
                next = UnitTable.of(rows, filter, sortColumn, ascending);
            } catch (IllegalArgumentException bad) {
                dev.flotilla.ui.support.Background.onUi(problem, () -> showProblem(bad.getMessage()));
                return Status.OK_STATUS;
            }
            dev.flotilla.ui.support.Background.onUi(problem, () -> {
                if (problem.getText().startsWith("Bad regular")) {
                    showProblem(null);
                }
                units.show(next);
                showCount();
                selection.fire();
            });
            return Status.OK_STATUS;
        }
    }

    /** The selected units as {@link UnitRow}s, by index: items of a virtual table may not exist yet. */
    private final class RowSelection extends UserSelectionProvider {
        @Override
        public ISelection getSelection() {
            return units == null ? StructuredSelection.EMPTY : new StructuredSelection(units.selectedRows());
        }
    }
}
