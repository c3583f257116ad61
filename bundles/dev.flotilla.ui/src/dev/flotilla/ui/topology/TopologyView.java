package dev.flotilla.ui.topology;

import dev.flotilla.ui.support.UserSelectionProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.part.ViewPart;

import dev.flotilla.core.api.Explanation;
import dev.flotilla.core.api.PinResult;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.FleetApiException;
import dev.flotilla.ui.connection.ClusterConnection;
import dev.flotilla.ui.connection.ClusterProfile;
import dev.flotilla.ui.fleet.EventFollower;
import dev.flotilla.ui.fleet.FleetAccess;
import dev.flotilla.ui.fleet.ReloadJob;
import dev.flotilla.ui.support.Background;
import dev.flotilla.ui.support.Problems;
import dev.flotilla.ui.support.Widgets;
import dev.flotilla.ui.units.UnitRow;

/**
 * The cluster as a picture: machines as boxes with their units, coloured by state, rules as lines; drag a unit onto
 * another machine to pin it there. Read in a job, kept live by the event stream (every machine, unit, placement,
 * schedule or state change rereads, coalesced). The move is {@code FleetClient.pin} in a job: the server checks the
 * unit's rules and answers with the rule when they forbid the machine, which the message line shows; otherwise the
 * unit moves and the view, following the events, shows it on its new machine and scrolls to it.
 */
public final class TopologyView extends ViewPart implements ClusterConnection.Listener, TopologyCanvas.Mover {

    public static final String ID = "dev.flotilla.ui.views.topology";
    /** Widget ids of the message line and the legend/count line (tests find them). */
    public static final String MESSAGE = "topology.message";
    public static final String SUMMARY = "topology.summary";
    private static final Set<String> EVENT_TYPES = Set.of("machine", "unit", "state", "placement", "schedule");

    private TopologyCanvas canvas;
    private Label summary;
    private Label message;
    private ReloadJob<TopologyLayout> reload;
    private EventFollower follower;
    /** The unit just moved and where to: revealed when a read shows it there. */
    private String followUnit;
    private String followMachine;
    private Job explainJob;
    private final UnitSelection selection = new UnitSelection();

    @Override
    public void createPartControl(Composite parent) {
        GridLayoutFactory.fillDefaults().numColumns(1).spacing(0, 2).applyTo(parent);
        Composite top = new Composite(parent, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(top);
        GridLayoutFactory.fillDefaults().numColumns(7).margins(6, 4).spacing(6, 0).applyTo(top);
        summary = Widgets.id(new Label(top, SWT.NONE), SUMMARY);
        GridDataFactory.fillDefaults().hint(SWT.DEFAULT, SWT.DEFAULT).applyTo(summary);
        for (TopologyModel.State st : TopologyModel.State.values()) {
            Label swatch = new Label(top, SWT.CENTER); // the legend: each state's colour, as the boxes use it
            swatch.setText(" " + st.name().toLowerCase() + " ");
            swatch.setBackground(TopologyPainter.colour(st));
        }
        Label rules = new Label(top, SWT.NONE);
        rules.setText("red dashes: Conflicts · blue line: MachineOf · [G] dotted: Global · [ID]: MachineID");
        rules.setToolTipText("Drag a unit onto another machine to move it there (its rules permitting)");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(rules);
        message = Widgets.id(new Label(parent, SWT.WRAP), MESSAGE);
        GridDataFactory.fillDefaults().grab(true, false).indent(6, 0).applyTo(message);
        canvas = new TopologyCanvas(parent);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(canvas);
        canvas.setMover(this);
        // the context menu: Unpin, plus the unit commands (Start, Stop, Journal, Edit, ...) contributed to
        // popup:dev.flotilla.ui.views.topology, which act on the selection this view publishes
        Action unpin = action("Unpin", "Let the engine place the unit wherever its rules allow",
                () -> unpin(canvas.selectedUnit()));
        MenuManager context = new MenuManager("#PopupMenu", ID);
        context.setRemoveAllWhenShown(true);
        context.addMenuListener(m -> {
            String u = canvas.selectedUnit();
            unpin.setText(u == null ? "Unpin" : "Unpin " + u);
            unpin.setEnabled(u != null);
            m.add(unpin);
            m.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        });
        canvas.setMenu(context.createContextMenu(canvas));
        getSite().setSelectionProvider(selection);
        getSite().registerContextMenu(ID, context, selection);
        canvas.addListener(SWT.Selection, e -> selection.fire());
        summary.setText(legend(TopologyModel.EMPTY));

        IToolBarManager bar = getViewSite().getActionBars().getToolBarManager();
        bar.add(action("Zoom In", "Zoom in (Ctrl+wheel)", () -> canvas.zoomBy(1.25, null)));
        bar.add(action("Zoom Out", "Zoom out (Ctrl+wheel)", () -> canvas.zoomBy(0.8, null)));
        bar.add(action("Fit", "Zoom to show every machine", () -> canvas.fit()));
        Action refresh = action("Refresh", "Reread the cluster", this::refresh);
        getViewSite().getActionBars().setGlobalActionHandler("org.eclipse.ui.file.refresh", refresh);
        getViewSite().getActionBars().setGlobalActionHandler("refresh", refresh);

        reload = new ReloadJob<>("Reading the cluster topology", canvas,
                (fleet, monitor) -> new TopologyLayout(TopologyModel.of(fleet.machineInfos(), fleet.units(),
                        fleet.states(null, null))),
                this::show, e -> showMessage(Problems.describe("Cannot read the cluster", e), true));
        ClusterConnection.active().addListener(this);
        clusterChanged(ClusterConnection.active().profile());
    }

    private static Action action(String text, String tip, Runnable run) {
        Action a = new Action(text) {
            @Override
            public void run() {
                run.run();
            }
        };
        a.setToolTipText(tip);
        return a;
    }

    public TopologyCanvas canvas() {
        return canvas;
    }

    /** Rereads the cluster now. */
    public void refresh() {
        if (reload != null) {
            reload.request();
        }
    }

    /** Shows a layout as if read from the cluster (the reload's path without the network; for the benchmark). */
    public void show(TopologyLayout layout) {
        canvas.show(layout);
        summary.setText(legend(layout.model()));
        List<String> unplaced = layout.model().unplaced();
        summary.setToolTipText(unplaced.isEmpty() ? null : "Not placed on any machine:\n" + String.join("\n",
                unplaced.subList(0, Math.min(40, unplaced.size()))) + (unplaced.size() > 40 ? "\n…" : ""));
        summary.getParent().layout(true);
        if (followUnit != null && layout.model().machinesOf(followUnit).contains(followMachine)) {
            canvas.reveal(followUnit, followMachine);
            followUnit = null;
        }
    }

    private static String legend(TopologyModel m) {
        return m.machines().size() + " machines, " + m.unitFigures() + " units"
                + (m.unplaced().isEmpty() ? "" : ", " + m.unplaced().size() + " not placed");
    }

    public String message() {
        return message.getText();
    }

    private void showMessage(String text, boolean problem) {
        if (message.isDisposed()) {
            return;
        }
        message.setText(text == null ? "" : text);
        message.setForeground(message.getDisplay().getSystemColor(problem ? SWT.COLOR_RED : SWT.COLOR_DARK_GREEN));
        message.getParent().layout(true);
    }

    // ------------------------------------------------------------------ moving units (TopologyCanvas.Mover)

    @Override
    public void dragStarted(String unit) {
        var fleet = FleetAccess.client();
        if (fleet == null) {
            return;
        }
        // which machines the unit's rules exclude, to tint them while the drag goes on
        explainJob = Background.run("Explaining " + unit, canvas, m -> fleet.explain(unit), this::explained,
                e -> { /* the tint is a hint; the drop still asks the server */ });
    }

    private void explained(Explanation ex) {
        Map<String, String> refusals = new HashMap<>();
        for (Explanation.Verdict v : ex.machines()) {
            if (!v.eligible()) {
                refusals.put(v.machineID(), v.reason());
            }
        }
        if (explainJob != null) { // the drag is still on
            canvas.showRefusals(refusals);
        }
    }

    @Override
    public void dragOver(String machineId) {
        // nothing beyond the canvas's own feedback
    }

    @Override
    public void dragEnded() {
        Job j = explainJob;
        explainJob = null;
        if (j != null) {
            j.cancel();
        }
    }

    /**
     * Pins {@code unit} to {@code machineId} in a job (what a drop does). The server refuses with the rule when the
     * unit's rules forbid the machine; then the message says so and nothing moves.
     */
    @Override
    public void move(String unit, String machineId) {
        TopologyModel model = canvas.topology().model();
        TopologyModel.Machine target = model.machine(machineId);
        String name = target == null ? machineId : target.shortId();
        if (model.machinesOf(unit).equals(List.of(machineId))) {
            showMessage(unit + " already runs on " + name, false);
            return;
        }
        var fleet = FleetAccess.client();
        if (fleet == null) {
            showMessage("Not connected to a cluster", true);
            return;
        }
        showMessage("Moving " + unit + " to " + name + "…", false);
        Background.run("Moving " + unit + " to " + name, canvas, m -> fleet.pin(unit, machineId),
                (PinResult r) -> {
                    showMessage(r.message(), false);
                    followUnit = unit;
                    followMachine = machineId;
                    refresh();
                },
                (ClientException e) -> showMessage("Refused: " + (e instanceof FleetApiException f
                        && f.serverMessage() != null && !f.serverMessage().isEmpty() ? f.serverMessage()
                        : Problems.reason(e)), true));
    }

    /** Removes the unit's pin (in a job): the engine may then place it wherever its rules allow. */
    public void unpin(String unit) {
        var fleet = FleetAccess.client();
        if (unit == null || fleet == null) {
            return;
        }
        Background.run("Unpinning " + unit, canvas, m -> fleet.unpin(unit),
                had -> showMessage(had ? "Unpinned " + unit + ": the engine may now place it wherever its rules allow"
                        : unit + " was not pinned", false),
                e -> showMessage(Problems.describe("Cannot unpin " + unit, e), true));
    }

    // ------------------------------------------------------------------ the cluster

    @Override
    public void clusterChanged(ClusterProfile profile) {
        Job old = follower;
        if (old != null) {
            old.cancel();
        }
        follower = null;
        var fleet = FleetAccess.client();
        if (fleet == null) {
            Background.onUi(canvas, () -> show(new TopologyLayout(TopologyModel.EMPTY)));
            return;
        }
        EventFollower f = new EventFollower("Following the cluster topology", fleet, EVENT_TYPES,
                e -> reload.request());
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
        canvas.setFocus();
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
        super.dispose();
    }

    /**
     * The selected unit as a {@link UnitRow}, the type the unit commands act on (they use its name and machine; the
     * state columns are the figure's).
     */
    private final class UnitSelection extends UserSelectionProvider {
        @Override
        public ISelection getSelection() {
            TopologyLayout.Figure f = canvas == null || canvas.isDisposed() ? null : canvas.selectedFigure();
            if (f == null) {
                return StructuredSelection.EMPTY;
            }
            TopologyModel.Unit u = f.unit();
            TopologyModel.Machine m = canvas.topology().model().machine(u.machineId());
            String machine = m == null ? "-" : m.shortId() + "/" + m.ip();
            String state = u.state().name().toLowerCase();
            return new StructuredSelection(new UnitRow(u.name(), u.machineId(), machine, "-", "-", state, "-", "-"));
        }
    }
}
