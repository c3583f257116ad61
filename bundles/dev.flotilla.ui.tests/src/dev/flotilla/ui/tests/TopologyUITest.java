package dev.flotilla.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.api.FleetUnitOption;
import dev.flotilla.core.api.FleetUnitState;
import dev.flotilla.core.api.MachineInfo;
import dev.flotilla.core.client.ClientConfig;
import dev.flotilla.core.client.FleetClient;
import dev.flotilla.ui.support.Widgets;
import dev.flotilla.ui.topology.TopologyCanvas;
import dev.flotilla.ui.topology.TopologyLayout;
import dev.flotilla.ui.topology.TopologyModel;
import dev.flotilla.ui.topology.TopologyPainter;
import dev.flotilla.ui.topology.TopologyView;

/**
 * The Topology view against the run's real three-node cluster: units submitted and started through the API appear
 * in their machines' boxes with their rules drawn, and follow the event stream; a unit dropped on another machine
 * (through the drop listener's own path, and once by a real mouse drag: X events posted to Xvfb, SWT's drag and
 * drop end to end) then runs there according to the API; drops its rules forbid show the reason and move nothing.
 * And 200 machines painted, the paint time printed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopologyUITest {

    static final Duration WAIT = Duration.ofSeconds(40);
    static final String LOOP = "/bin/sh -c 'while true; do sleep 1; done'";
    static RunningWorkbench workbench;
    static FleetClient fleet;
    static final List<String> UNITS = List.of("topo-a.service", "topo-b.service", "topo-peer.service",
            "topo-conflict.service", "topo-fixed.service", "topo-global.service", "topo-live.service", "topo-mouse.service", "topo-nowhere.service");

    @RegisterExtension
    static final BeforeAllCallback SESSION = context -> {
        UiSession session = UiSession.get(context);
        workbench = session.workbench;
        fleet = FleetClient.create(ClientConfig.builder().endpoint(URI.create(session.cluster.node(1).clientUrl()))
                .build());
    };

    @AfterAll
    static void destroyTheUnits() throws Exception {
        for (String u : UNITS) {
            fleet.destroy(u);
        }
    }

    @Test
    @Order(1)
    void unitsAppearInTheirMachinesWithTheirRulesAndADropMovesAUnitThere() throws Exception {
        List<String> machines = fleet.machineInfos().stream().map(MachineInfo::id).sorted().toList();
        assertEquals(3, machines.size(), machines.toString());
        String fixedOn = machines.get(0);
        submit("topo-a.service", List.of());
        awaitPlaced("topo-a.service");
        submit("topo-conflict.service", List.of(new FleetUnitOption("Conflicts", "X-Fleet", "topo-a.service")));
        submit("topo-b.service", List.of());
        submit("topo-peer.service", List.of(new FleetUnitOption("MachineOf", "X-Fleet", "topo-b.service")));
        submit("topo-fixed.service", List.of(new FleetUnitOption("MachineID", "X-Fleet", fixedOn)));
        submit("topo-global.service", List.of(new FleetUnitOption("Global", "X-Fleet", "true")));
        for (String u : UNITS.subList(0, 5)) { // all but the Global one (placed everywhere, no machineID)
            awaitPlaced(u);
        }
        String aWas = machineOf("topo-a.service");
        String conflictOn = machineOf("topo-conflict.service");
        assertNotEquals(aWas, conflictOn, "Conflicts keeps them apart");
        String target = machines.stream().filter(m -> !m.equals(aWas) && !m.equals(conflictOn)).findFirst()
                .orElseThrow();

        workbench.onUi(() -> {
            window().getShell().setSize(1500, 950);
            return page().showView(TopologyView.ID);
        });
        // the view: every machine, each unit in its machine, the Global unit in every machine, both rules
        TopologyModel model = Ui.await(workbench, "the topology with the six units", WAIT, () -> canvas().topology()
                .model(), m -> m.machines().size() == 3 && m.machinesOf("topo-global.service").size() == 3
                        && UNITS.subList(0, 6).stream().allMatch(u -> !m.machinesOf(u).isEmpty())
                        && m.machinesOf("topo-a.service").equals(List.of(aWas))
                        && m.machine(aWas).units().stream().anyMatch(u -> u.name().equals("topo-a.service")
                                && u.state() == TopologyModel.State.ACTIVE));
        assertEquals(List.of(fixedOn), model.machinesOf("topo-fixed.service"));
        Set<String> rules = model.rules().stream().map(r -> r.kind() + " " + r.from() + " " + r.to())
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(rules.contains("CONFLICTS topo-conflict.service topo-a.service"), rules.toString());
        assertTrue(rules.contains("MACHINE_OF topo-peer.service topo-b.service"), rules.toString());
        assertEquals(machineOf("topo-b.service"), machineOf("topo-peer.service"));
        assertTrue(workbench.onUi(() -> label(TopologyView.SUMMARY)).startsWith("3 machines, "));
        workbench.onUi(() -> Ui.screenshot(window().getShell(), "topology-view"));

        // live: a unit submitted now appears, and disappears when destroyed, with no refresh (the event stream)
        submit("topo-live.service", List.of());
        Ui.await(workbench, "topo-live.service appearing by itself", WAIT,
                () -> canvas().topology().model().machinesOf("topo-live.service"), l -> l.size() == 1);
        fleet.destroy("topo-live.service");
        Ui.await(workbench, "topo-live.service disappearing by itself", WAIT,
                () -> canvas().topology().model().machinesOf("topo-live.service"), List::isEmpty);
        // a unit no machine may take has no box to be in: the summary counts it
        submit("topo-nowhere.service", List.of(new FleetUnitOption("MachineID", "X-Fleet", "0".repeat(32))));
        Ui.await(workbench, "topo-nowhere.service counted as not placed", WAIT, () -> label(TopologyView.SUMMARY),
                s -> s.endsWith(", 1 not placed"));
        fleet.destroy("topo-nowhere.service");

        // a unit selected on the canvas is the view's selection: the Units commands (here Edit) act on it
        workbench.onUi(() -> {
            page().activate(view());
            canvas().select("topo-b.service");
            return null;
        });
        workbench.onUi(() -> window().getService(org.eclipse.ui.handlers.IHandlerService.class)
                .executeCommand("dev.flotilla.ui.commands.edit", null));
        Ui.await(workbench, "the unit editor on topo-b.service", WAIT, () -> page().getActiveEditor() == null ? ""
                : page().getActiveEditor().getEditorInput().getName(), "topo-b.service"::equals);
        workbench.onUi(() -> {
            page().closeAllEditors(false);
            page().setEditorAreaVisible(false); // opening the editor showed the area; give the view its room back
            page().activate(view());
            return null;
        });

        // drag topo-a onto the third machine: the drop's path (hit test on the canvas, then the pin in a job)
        Point from = workbench.onUi(() -> canvas().unitCentre("topo-a.service", null));
        assertEquals("topo-a.service", workbench.onUi(() -> {
            Point p = canvas().toControl(from);
            return canvas().figureAt(p.x, p.y).unit().name(); // what dragStart picks up
        }));
        assertTrue(workbench.onUi(() -> drop("topo-a.service", target)));
        Ui.await(workbench, "topo-a.service on " + target + " according to the API", WAIT,
                () -> machineOfQuietly("topo-a.service"), target::equals);
        Ui.await(workbench, "topo-a.service active on " + target + " according to the API", WAIT,
                () -> activeOn("topo-a.service"), target::equals);
        Ui.await(workbench, "the view following topo-a.service to " + target, WAIT,
                () -> canvas().topology().model().machinesOf("topo-a.service"), List.of(target)::equals);
        Ui.await(workbench, "the moved unit selected and the move reported", WAIT,
                () -> canvas().selectedUnit() + " | " + view().message(),
                s -> s.startsWith("topo-a.service | ") && s.contains("moved topo-a.service to " + target));
        workbench.onUi(() -> Ui.screenshot(window().getShell(), "topology-moved"));

        // the move pinned it; Unpin (the figure's context menu) lets the engine choose again
        workbench.onUi(() -> {
            view().unpin("topo-a.service");
            return null;
        });
        Ui.await(workbench, "the unpin reported", WAIT, () -> view().message(),
                m -> m.startsWith("Unpinned topo-a.service"));
        assertTrue(!fleet.unpin("topo-a.service"), "no pin left");
    }

    @Test
    @Order(2)
    void aRealMouseDragMovesAUnit() throws Exception {
        workbench.onUi(() -> page().showView(TopologyView.ID));
        submit("topo-mouse.service", List.of());
        awaitPlaced("topo-mouse.service");
        String was = machineOf("topo-mouse.service");
        String target = fleet.machineInfos().stream().map(MachineInfo::id).filter(m -> !m.equals(was))
                .findFirst().orElseThrow();
        Point from = Ui.await(workbench, "topo-mouse.service in the view", WAIT,
                () -> canvas().unitCentre("topo-mouse.service", null), p -> p != null);
        Point to = workbench.onUi(() -> canvas().machineCentre(target));
        // press, move in steps (SWT starts a drag after a few pixels), release: the X server's own events
        org.eclipse.swt.widgets.Display display = workbench.onUi(() -> canvas().getDisplay());
        post(display, SWT.MouseMove, from.x, from.y, 0);
        post(display, SWT.MouseDown, from.x, from.y, 1);
        int steps = 30;
        for (int i = 1; i <= steps; i++) {
            post(display, SWT.MouseMove, from.x + (to.x - from.x) * i / steps, from.y + (to.y - from.y) * i / steps,
                    0);
        }
        Thread.sleep(300);
        workbench.onUi(() -> Ui.screenshot(window().getShell(), "topology-dragging"));
        post(display, SWT.MouseUp, to.x, to.y, 1);
        post(display, SWT.MouseMove, 5, 5, 0); // out of the way of later screenshots
        Ui.await(workbench, "topo-mouse.service on " + target + " after the mouse drag", WAIT,
                () -> machineOfQuietly("topo-mouse.service"), target::equals);
        Ui.await(workbench, "the view following topo-mouse.service to " + target, WAIT,
                () -> canvas().topology().model().machinesOf("topo-mouse.service") + " " + view().message(),
                s -> s.equals("[" + target + "] moved topo-mouse.service to " + target));
        assertEquals("topo-mouse.service", workbench.onUi(() -> canvas().selectedUnit()));
        assertNotEquals(was, target);
    }

    static void post(org.eclipse.swt.widgets.Display display, int type, int x, int y, int button)
            throws InterruptedException {
        org.eclipse.swt.widgets.Event e = new org.eclipse.swt.widgets.Event();
        e.type = type;
        e.x = x;
        e.y = y;
        e.button = button;
        assertTrue(display.post(e), "posted " + type);
        Thread.sleep(40);
    }

    @Test
    @Order(3)
    void dropsTheRulesForbidShowTheReasonAndMoveNothing() throws Exception {
        String conflictOn = machineOf("topo-conflict.service");
        String aOn = machineOf("topo-a.service");
        assertTrue(workbench.onUi(() -> drop("topo-a.service", conflictOn)));
        String message = Ui.await(workbench, "the refusal", WAIT, () -> view().message(),
                m -> m.startsWith("Refused: "));
        assertTrue(message.contains("cannot place topo-a.service on " + conflictOn) && message.contains("Conflicts"),
                message);
        assertEquals(SWT.COLOR_RED, workbench.onUi(() -> colourOf(find(TopologyView.MESSAGE))));
        workbench.onUi(() -> Ui.screenshot(window().getShell(), "topology-refused"));

        String fixedOn = machineOf("topo-fixed.service");
        String elsewhere = fleet.machineInfos().stream().map(MachineInfo::id).filter(m -> !m.equals(fixedOn))
                .findFirst().orElseThrow();
        // while it is dragged, the machines its rules exclude are tinted, the rule in their tooltip (explain)
        workbench.onUi(() -> {
            view().dragStarted("topo-fixed.service"); // what the DragSource's dragStart calls
            return null;
        });
        Map<String, String> refusals = Ui.await(workbench, "the machines MachineID excludes tinted", WAIT,
                () -> canvas().refusals(), r -> r.size() == 2);
        assertTrue(!refusals.containsKey(fixedOn) && refusals.values().stream().allMatch(
                r -> r.contains("MachineID=" + fixedOn)), refusals.toString());
        workbench.onUi(() -> Ui.screenshot(window().getShell(), "topology-drag-refusals"));
        assertTrue(workbench.onUi(() -> drop("topo-fixed.service", elsewhere)));
        assertEquals(Map.of(), workbench.onUi(() -> canvas().refusals()), "the tint goes with the drag");
        message = Ui.await(workbench, "the MachineID refusal", WAIT, () -> view().message(),
                m -> m.startsWith("Refused: ") && m.contains("topo-fixed.service"));
        assertTrue(message.contains("MachineID=" + fixedOn), message);

        assertTrue(workbench.onUi(() -> drop("topo-global.service", elsewhere)));
        message = Ui.await(workbench, "the Global refusal", WAIT, () -> view().message(),
                m -> m.startsWith("Refused: ") && m.contains("topo-global.service"));
        assertTrue(message.contains("Global"), message);

        Thread.sleep(2000); // time for a wrong move to show
        assertEquals(aOn, machineOf("topo-a.service"), "a refused drop moves nothing");
        assertEquals(fixedOn, machineOf("topo-fixed.service"), "a refused drop moves nothing");
        assertEquals(List.of(aOn), workbench.onUi(() -> canvas().topology().model().machinesOf("topo-a.service")));
        assertEquals(List.of(fixedOn), workbench.onUi(() -> canvas().topology().model()
                .machinesOf("topo-fixed.service")));
    }

    @Test
    @Order(4)
    void twoHundredMachinesPaint() throws Exception {
        TopologyModel big = syntheticCluster(200, 6);
        TopologyLayout layout = new TopologyLayout(big);
        Map<String, Long> times = workbench.onUi(() -> {
            Shell shell = new Shell(window().getShell(), SWT.SHELL_TRIM);
            shell.setText("Topology, 200 machines");
            shell.setLayout(new FillLayout());
            shell.setBounds(0, 0, 1400, 880);
            TopologyCanvas c = new TopologyCanvas(shell);
            shell.open();
            c.show(layout); // fits: the whole cluster in view
            Map<String, Long> t = new java.util.LinkedHashMap<>();
            t.put("fit", timeRedraws(c));
            t.put("fitZoomPercent", Math.round(c.zoom() * 100));
            Ui.screenshot(shell, "topology-200-machines");
            // fit shows every box; Ctrl+wheel zooms in about the pointer; 100 %; Fit again
            Rectangle area = c.getClientArea();
            double fitted = c.zoom();
            assertTrue(fitted < 1 && layout.width() * fitted <= area.width + 1
                    && layout.height() * fitted <= area.height + 1, "fit " + fitted + " in " + area);
            org.eclipse.swt.widgets.Event wheel = new org.eclipse.swt.widgets.Event();
            wheel.stateMask = SWT.MOD1;
            wheel.count = 3;
            wheel.x = 100;
            wheel.y = 100;
            c.notifyListeners(SWT.MouseWheel, wheel);
            assertEquals(fitted * 1.15, c.zoom(), 1e-9, "Ctrl+wheel zooms in");
            c.zoomBy(1 / c.zoom(), new Point(0, 0)); // 100 %
            assertEquals(1, c.zoom(), 1e-9);
            t.put("zoom100", timeRedraws(c));
            Ui.screenshot(shell, "topology-200-machines-100");
            c.fit();
            assertEquals(fitted, c.zoom(), 1e-9, "Fit returns to the whole cluster");
            // everything at 100 % into one image: the worst case, no clipping
            Image image = new Image(shell.getDisplay(), layout.width(), layout.height());
            GC gc = new GC(image);
            long t0 = System.nanoTime();
            TopologyPainter.paint(gc, layout, 1, 0, 0, new Rectangle(0, 0, layout.width(), layout.height()),
                    TopologyPainter.Decorations.NONE);
            t.put("wholeImage", System.nanoTime() - t0);
            gc.dispose();
            image.dispose();
            shell.dispose();
            return t;
        });
        System.out.printf("Topology, 200 machines / %d unit figures / %d rules: paint at fit (%d %%) %.1f ms, "
                + "at 100 %% (visible part) %.1f ms, whole %dx%d px at 100 %% into an image %.1f ms%n",
                big.unitFigures(), big.rules().size(), times.get("fitZoomPercent"), times.get("fit") / 1e6,
                times.get("zoom100") / 1e6, layout.width(), layout.height(), times.get("wholeImage") / 1e6);
        assertEquals(200, layout.boxes().size());
    }

    // ------------------------------------------------------------------ helpers

    /** The median of five full repaints (redraw + update), as the canvas itself timed its paint. */
    static long timeRedraws(TopologyCanvas c) {
        List<Long> t = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            c.redraw();
            c.update();
            while (c.getDisplay().readAndDispatch()) {
                // let the paint happen
            }
            t.add(c.lastPaintNanos());
        }
        t.sort(null);
        return t.get(2);
    }

    /** n machines with k units each, one Global unit, and a Conflicts and a MachineOf pair every 10 machines. */
    static TopologyModel syntheticCluster(int n, int k) {
        List<MachineInfo> machines = new ArrayList<>();
        List<FleetUnit> units = new ArrayList<>();
        List<FleetUnitState> states = new ArrayList<>();
        String[] active = {"active", "active", "active", "failed", "activating", "inactive"};
        for (int i = 0; i < n; i++) {
            String id = String.format("%08x%024d", 0x10000000 + i * 7919, i);
            machines.add(new MachineInfo(id, "10.0." + i / 250 + "." + (i % 250 + 1), null, Map.of("rack", "r" + i % 8),
                    null, null, null, k, i == 0));
            for (int j = 0; j < k; j++) {
                String name = "svc-" + j + "@" + i + ".service";
                List<FleetUnitOption> options = new ArrayList<>(List.of(new FleetUnitOption("ExecStart", "Service",
                        LOOP)));
                if (i % 10 == 0 && j == 1) {
                    options.add(new FleetUnitOption("Conflicts", "X-Fleet", "svc-1@" + (i + 5) + ".service"));
                }
                if (i % 10 == 0 && j == 2) {
                    options.add(new FleetUnitOption("MachineOf", "X-Fleet", "svc-3@" + i + ".service"));
                }
                units.add(new FleetUnit("launched", "launched", id, name, options));
                states.add(new FleetUnitState("h", id, name, active[(i + j) % active.length], "loaded",
                        active[(i + j) % active.length].equals("active") ? "running" : "dead"));
            }
        }
        units.add(new FleetUnit("launched", "launched", "", "node-exporter.service", List.of(
                new FleetUnitOption("Global", "X-Fleet", "true"))));
        return TopologyModel.of(machines, units, states);
    }

    static void submit(String name, List<FleetUnitOption> rules) throws Exception {
        List<FleetUnitOption> options = new ArrayList<>(List.of(new FleetUnitOption("ExecStart", "Service", LOOP),
                new FleetUnitOption("Description", "Unit", "Topology UI test")));
        options.addAll(rules);
        fleet.submit(name, options, FleetUnit.LAUNCHED, false);
    }

    static void awaitPlaced(String unit) throws InterruptedException {
        Ui.await(workbench, unit + " placed", WAIT, () -> machineOfQuietly(unit), m -> !m.isEmpty());
    }

    static String machineOf(String unit) throws Exception {
        String m = fleet.unit(unit).orElseThrow().machineID();
        return m == null ? "" : m;
    }

    static String machineOfQuietly(String unit) {
        try {
            return machineOf(unit);
        } catch (Exception e) {
            return "";
        }
    }

    /** The machine where systemd reports the unit active, or "". */
    static String activeOn(String unit) {
        try {
            return fleet.states(null, unit).stream().filter(s -> "active".equals(s.systemdActiveState()))
                    .map(FleetUnitState::machineID).findFirst().orElse("");
        } catch (Exception e) {
            return "";
        }
    }

    /** Drops {@code unit} on the centre of {@code machine}'s box, as the DropTargetListener does; UI thread. */
    static boolean drop(String unit, String machine) {
        Point to = canvas().machineCentre(machine);
        assertNotNull(to, "no box for " + machine);
        return canvas().dropAt(TopologyCanvas.PREFIX + unit, to.x, to.y);
    }

    static int colourOf(Label l) {
        return l.getForeground().getRGB().equals(l.getDisplay().getSystemColor(SWT.COLOR_RED).getRGB())
                ? SWT.COLOR_RED : SWT.COLOR_BLACK;
    }

    static Label find(String id) {
        return (Label) Widgets.find(window().getShell(), id);
    }

    static String label(String id) {
        return find(id).getText();
    }

    static TopologyView view() {
        return (TopologyView) page().findView(TopologyView.ID);
    }

    static TopologyCanvas canvas() {
        return view().canvas();
    }

    static IWorkbenchPage page() {
        return window().getActivePage();
    }

    static IWorkbenchWindow window() {
        return PlatformUI.getWorkbench().getWorkbenchWindows()[0];
    }
}
