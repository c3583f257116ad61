package dev.flotilla.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.api.FleetUnitOption;
import dev.flotilla.core.api.MachineInfo;
import dev.flotilla.core.client.FleetClient;
import dev.flotilla.ui.connection.ClusterConnection;
import dev.flotilla.ui.machines.MachinesView;
import dev.flotilla.ui.units.UnitRow;
import dev.flotilla.ui.units.UnitsView;

/**
 * The Machines and Units views and the unit commands against a real three-node Flotilla cluster, driven like
 * a user would (select rows, run commands, answer the confirmation), checked through the fleet API; and the
 * Units view fed 10,000 rows to show the virtual table keeps up (figures printed, not asserted).
 * A workbench starts once per OSGi runtime: the pom runs this class in an execution of its own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetViewsUITest {

    static final Duration WAIT = Duration.ofSeconds(40);
    static FlotillaCluster cluster;
    static FleetClient fleet;
    static RunningWorkbench workbench;

    @BeforeAll
    static void startClusterAndWorkbench() throws Exception {
        Path output = Path.of(System.getProperty("flotilla.test.output", "target"));
        cluster = FlotillaCluster.start(output.resolve("fleet-cluster"), 3);
        fleet = new FleetClient(cluster.client().transport());
        workbench = RunningWorkbench.start("--connect", cluster.node(0).clientUrl());
        workbench.onUi(() -> {
            window().getShell().setSize(1500, 900);
            return null;
        });
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            if (workbench != null) {
                workbench.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    @Order(1)
    void machinesViewShowsTheThreeMachinesWithTheirAddressesAndTheEngineLeader() throws Exception {
        workbench.onUi(() -> window().getActivePage().showView(MachinesView.ID));
        Map<String, MachineInfo> api = Ui.await(workbench, "three machine records", WAIT, () -> {
            try {
                return fleet.machineInfos().stream().collect(Collectors.toMap(MachineInfo::id, m -> m));
            } catch (Exception e) {
                return Map.<String, MachineInfo>of();
            }
        }, m -> m.size() == 3 && m.values().stream().anyMatch(MachineInfo::engineLeader));
        List<List<String>> rows = Ui.await(workbench, "3 machines with a leader in the view", WAIT,
                () -> rows(table(MachinesView.class)), r -> r.size() == 3 && r.stream().anyMatch(
                        row -> row.get(4).equals("leader")));
        for (List<String> row : rows) {
            MachineInfo m = api.values().stream().filter(i -> i.id().startsWith(row.get(0))).findFirst()
                    .orElseThrow(() -> new AssertionError("no machine " + row.get(0) + " in " + api.keySet()));
            assertEquals(8, row.get(0).length(), "short ID like fleetctl: " + row);
            assertEquals(m.primaryIP(), row.get(1), row.toString());
            assertTrue(!row.get(1).isBlank() && !row.get(1).equals("-"), "an IP in " + row);
        }
        assertEquals(1, rows.stream().filter(r -> r.get(4).equals("leader")).count(), rows.toString());
        assertEquals("3 machines", workbench.onUi(() -> label(MachinesView.class, "machines.count")));

        // sort by IP descending: the header shows it and the rows follow
        workbench.onUi(() -> {
            Table t = table(MachinesView.class);
            t.getColumn(1).notifyListeners(SWT.Selection, new Event());
            t.getColumn(1).notifyListeners(SWT.Selection, new Event());
            return null;
        });
        List<String> ips = workbench.onUi(() -> rows(table(MachinesView.class))).stream().map(r -> r.get(1)).toList();
        List<String> expected = new ArrayList<>(ips);
        expected.sort(java.util.Comparator.comparing(FleetViewsUITest::ipKey).reversed());
        assertEquals(expected, ips);
        assertEquals(SWT.DOWN, (int) workbench.onUi(() -> table(MachinesView.class).getSortDirection()));

        // the filter narrows to the one machine whose ID it names
        String someId = rows.get(0).get(0);
        workbench.onUi(() -> {
            Ui.find(window().getShell(), "machines.filter", Text.class).setText(someId);
            return null;
        });
        assertEquals(1, (int) workbench.onUi(() -> table(MachinesView.class).getItemCount()));
        assertEquals("1 of 3 machines", workbench.onUi(() -> label(MachinesView.class, "machines.count")));
        workbench.onUi(() -> {
            Ui.find(window().getShell(), "machines.filter", Text.class).setText("");
            return null;
        });
        workbench.onUi(() -> Ui.screenshot(window().getShell(), "machines-view"));
    }

    @Test
    @Order(2)
    void unitsSubmittedThroughTheApiAppearLiveAndStartStopFromTheView() throws Exception {
        workbench.onUi(() -> window().getActivePage().showView(UnitsView.ID));
        String loop = "/bin/sh -c 'while true; do echo tick; sleep 1; done'";
        for (String name : List.of("hello.service", "web@1.service", "web@2.service", "worker.service")) {
            fleet.submit(name, List.of(new FleetUnitOption("ExecStart", "Service", loop),
                    new FleetUnitOption("Description", "Unit", "UI test " + name)), FleetUnit.INACTIVE, false);
        }
        Ui.await(workbench, "the 4 submitted units in the Units view, without a refresh", WAIT,
                () -> unitNames(), names -> names.containsAll(List.of("hello.service", "web@1.service",
                        "web@2.service", "worker.service")));

        select("hello.service", "web@1.service");
        execute("dev.flotilla.ui.commands.start");
        awaitApiState("hello.service", FleetUnit.LAUNCHED);
        awaitApiState("web@1.service", FleetUnit.LAUNCHED);
        List<String> hello = Ui.await(workbench, "hello.service launched and active in the view", WAIT,
                () -> row("hello.service"), r -> r != null && r.get(3).equals("launched") && r.get(4).equals("active"));
        assertTrue(hello.get(1).matches("[0-9a-f]{8}/.+"), "machine shown as shortid/ip: " + hello);
        workbench.onUi(() -> Ui.screenshot(window().getShell(), "units-view"));
        Ui.await(workbench, "the 2 scheduled units counted in the Machines view", WAIT,
                () -> rows(table(MachinesView.class)).stream().mapToInt(r -> Integer.parseInt(r.get(5))).sum(),
                n -> n == 2);

        select("web@2.service");
        execute("dev.flotilla.ui.commands.load");
        awaitApiState("web@2.service", FleetUnit.LOADED);

        select("hello.service");
        execute("dev.flotilla.ui.commands.stop");
        awaitApiState("hello.service", FleetUnit.LOADED);
        Ui.await(workbench, "hello.service loaded in the view", WAIT, () -> row("hello.service"),
                r -> r != null && r.get(2).equals("loaded") && r.get(3).equals("loaded"));
        assertEquals(FleetUnit.LAUNCHED, fleet.unit("web@1.service").orElseThrow().currentState(),
                "stopping one unit leaves the other running");

        // the filter: a regex and a state
        workbench.onUi(() -> {
            Ui.find(window().getShell(), "units.regex", org.eclipse.swt.widgets.Button.class).setSelection(true);
            Text f = Ui.find(window().getShell(), "units.filter", Text.class);
            f.setText("^web@\\d");
            return null;
        });
        Ui.await(workbench, "only web@ units", WAIT, FleetViewsUITest::unitNames,
                n -> n.equals(List.of("web@1.service", "web@2.service")));
        workbench.onUi(() -> {
            Ui.find(window().getShell(), "units.filter", Text.class).setText("");
            Ui.find(window().getShell(), "units.regex", org.eclipse.swt.widgets.Button.class).setSelection(false);
            return null;
        });
    }

    @Test
    @Order(3)
    void destroyAsksFirstAndCancelKeepsTheUnit() throws Exception {
        Ui.await(workbench, "worker.service listed", WAIT, FleetViewsUITest::unitNames,
                n -> n.contains("worker.service"));
        select("worker.service");
        workbench.onUiLater(() -> executeQuietly("dev.flotilla.ui.commands.destroy"));
        Shell confirm = Ui.awaitShell(workbench, "Destroy Units");
        workbench.onUi(() -> Ui.screenshot(confirm, "units-destroy-confirm"));
        assertTrue(workbench.onUi(() -> messageOf(confirm)).contains("Destroy worker.service?"));
        workbench.onUi(() -> {
            Ui.press(confirm, "Cancel");
            return null;
        });
        Thread.sleep(1500);
        assertTrue(fleet.unit("worker.service").isPresent(), "cancelled destroy keeps the unit");

        select("worker.service");
        workbench.onUiLater(() -> executeQuietly("dev.flotilla.ui.commands.destroy"));
        Shell again = Ui.awaitShell(workbench, "Destroy Units");
        workbench.onUi(() -> {
            Ui.press(again, "Destroy");
            return null;
        });
        Ui.await(workbench, "worker.service gone from the API", WAIT, () -> {
            try {
                return fleet.unit("worker.service");
            } catch (Exception e) {
                return Optional.of(new FleetUnit(null, null, null, "unknown", null));
            }
        }, Optional::isEmpty);
        Ui.await(workbench, "worker.service gone from the view", WAIT, FleetViewsUITest::unitNames,
                n -> !n.contains("worker.service") && n.contains("hello.service"));
    }

    @Test
    @Order(4)
    void journalAndEditOpenTheirPartsOrSayTheyAreMissing() throws Exception {
        select("hello.service");
        boolean journalInstalled = workbench.onUi(() ->
                PlatformUI.getWorkbench().getViewRegistry().find("dev.flotilla.ui.views.journal") != null);
        if (journalInstalled) {
            execute("dev.flotilla.ui.commands.journal");
            assertTrue(workbench.onUi(() -> window().getActivePage().findView("dev.flotilla.ui.views.journal") != null));
        } else {
            workbench.onUiLater(() -> executeQuietly("dev.flotilla.ui.commands.journal"));
            Shell info = Ui.awaitShell(workbench, "Journal");
            String text = workbench.onUi(() -> messageOf(info));
            assertTrue(text.contains("not installed") && text.contains("hello.service"), text);
            workbench.onUi(() -> {
                Ui.press(info, "OK");
                return null;
            });
        }
        // Edit opens the editor bundle's unit editor (its handler is declared there) on the unit's file as the
        // cluster has it
        select("hello.service");
        execute("dev.flotilla.ui.commands.edit");
        dev.flotilla.ui.editor.UnitEditor editor = Ui.await(workbench, "the unit editor on hello.service", WAIT,
                () -> window().getActivePage().getActiveEditor() instanceof dev.flotilla.ui.editor.UnitEditor e
                        && e.getEditorInput().getName().equals("hello.service") ? e : null, e -> e != null);
        String text = workbench.onUi(() -> editor.model().document().get());
        assertTrue(text.contains("ExecStart=/bin/sh -c 'while true; do echo tick; sleep 1; done'")
                && text.contains("Description=UI test hello.service"), text);
        assertTrue(workbench.onUi(() -> editor.getEditorInput() instanceof dev.flotilla.ui.editor.UnitEditorInput));
        workbench.onUi(() -> Ui.screenshot(window().getShell(), "units-edit-command"));
        workbench.onUi(() -> window().getActivePage().closeAllEditors(false));
    }

    @Test
    @Order(5)
    void afterTheConnectedMemberComesBackTheViewCatchesUpWithoutARefresh() throws Exception {
        cluster.stop(0); // the workbench knows only this member's URL
        fleet.submit("late.service", List.of(new FleetUnitOption("ExecStart", "Service", "/bin/true")),
                FleetUnit.INACTIVE, false);
        cluster.restart(0);
        Ui.await(workbench, "late.service (submitted while the view's member was down) in the view", WAIT,
                FleetViewsUITest::unitNames, n -> n.contains("late.service"));
    }

    @Test
    @Order(6)
    void tenThousandUnitsStayResponsive() throws Exception {
        // without a cluster, so only the fed rows are shown
        workbench.onUi(() -> {
            ClusterConnection.active().disconnect("10,000-row test");
            return null;
        });
        Ui.await(workbench, "an empty Units view", WAIT, () -> label(UnitsView.class, "units.count"),
                "0 units"::equals);
        List<UnitRow> rows = new ArrayList<>(10_000);
        String[] states = {"launched", "loaded", "inactive"};
        for (int i = 0; i < 10_000; i++) {
            String m = String.format("%08x", 0x1000 + i % 40);
            String st = states[i % 3];
            boolean failed = i % 97 == 0;
            rows.add(new UnitRow("svc-" + (i % 250) + "@" + i + ".service", m + "000000000000000000000000", m
                    + "/10.0." + (i % 40 / 250) + "." + (i % 40 + 1), st, st, failed ? "failed" : st.equals("launched")
                    ? "active" : "inactive", failed ? "failed" : st.equals("launched") ? "running" : "dead",
                    String.format("%07x", i * 7919 % 0xfffffff)));
        }
        long t0 = System.nanoTime();
        workbench.onUi(() -> {
            view(UnitsView.class).rowsRead(rows);
            return null;
        });
        long fed = System.nanoTime();
        Ui.await(workbench, "10,000 units shown", WAIT, () -> label(UnitsView.class, "units.count"),
                "10,000 units"::equals);
        long shown = System.nanoTime();
        assertEquals(10_000, (int) workbench.onUi(() -> table(UnitsView.class).getItemCount()));

        long pingMax = 0;
        long f0 = System.nanoTime();
        workbench.onUi(() -> {
            Ui.find(window().getShell(), "units.filter", Text.class).setText("svc-7@");
            return null;
        });
        pingMax = Math.max(pingMax, ping());
        Ui.await(workbench, "the filtered 40 units", WAIT, () -> label(UnitsView.class, "units.count"),
                "40 of 10,000 units"::equals);
        long filtered = System.nanoTime();
        workbench.onUi(() -> {
            Ui.find(window().getShell(), "units.filter", Text.class).setText("");
            return null;
        });
        Ui.await(workbench, "all units again", WAIT, () -> label(UnitsView.class, "units.count"),
                "10,000 units"::equals);

        long s0 = System.nanoTime();
        workbench.onUi(() -> {
            table(UnitsView.class).getColumn(6).notifyListeners(SWT.Selection, new Event()); // HASH
            return null;
        });
        pingMax = Math.max(pingMax, ping());
        String smallest = rows.stream().map(UnitRow::hash).sorted().findFirst().orElseThrow();
        Ui.await(workbench, "sorted by HASH", WAIT, () -> table(UnitsView.class).getSortColumn().getText()
                + " " + table(UnitsView.class).getItem(0).getText(6), ("HASH " + smallest)::equals);
        long sorted = System.nanoTime();
        workbench.onUi(() -> Ui.screenshot(window().getShell(), "units-view-10000"));
        int materialised = workbench.onUi(() -> {
            int n = 0;
            for (TableItem item : table(UnitsView.class).getItems()) {
                if (item.getData() != null) {
                    n++;
                }
            }
            return n;
        });
        System.out.printf("Units view, 10,000 rows: feed %.1f ms (UI thread), shown after %.1f ms; filter to 40 "
                + "rows %.1f ms; sort by HASH %.1f ms; slowest UI-thread round trip meanwhile %.1f ms; rows made "
                + "by the virtual table: %d of 10,000%n", (fed - t0) / 1e6, (shown - t0) / 1e6, (filtered - f0) / 1e6,
                (sorted - s0) / 1e6, pingMax / 1e6, materialised);
        assertTrue(materialised < 10_000, "the virtual table makes only the rows it shows: " + materialised);
    }

    // ------------------------------------------------------------------ helpers

    /** The texts of a dialog's labels. */
    static String messageOf(org.eclipse.swt.widgets.Composite c) {
        StringBuilder b = new StringBuilder();
        for (org.eclipse.swt.widgets.Control child : c.getChildren()) {
            if (child instanceof Label l) {
                b.append(l.getText()).append('\n');
            } else if (child instanceof org.eclipse.swt.widgets.Composite inner) {
                b.append(messageOf(inner));
            }
        }
        return b.toString();
    }

    /** How long the UI thread takes to answer a trivial request: what a user feels as lag. */
    static long ping() {
        long t = System.nanoTime();
        workbench.onUi(() -> null);
        return System.nanoTime() - t;
    }

    static String ipKey(String ip) {
        StringBuilder b = new StringBuilder();
        for (String p : ip.split("\\.")) {
            b.append(String.format("%5s", p));
        }
        return b.toString();
    }

    static void awaitApiState(String unit, String state) throws InterruptedException {
        Ui.await(workbench, unit + " " + state + " according to the API", WAIT, () -> {
            try {
                return fleet.unit(unit).map(FleetUnit::currentState).orElse("absent");
            } catch (Exception e) {
                return e.toString();
            }
        }, state::equals);
    }

    static void select(String... units) {
        workbench.onUi(() -> {
            window().getActivePage().activate(view(UnitsView.class));
            Table t = table(UnitsView.class);
            List<Integer> indices = new ArrayList<>();
            for (String u : units) {
                int i = view(UnitsView.class).table().current().indexOf(u);
                assertTrue(i >= 0, "no row " + u);
                indices.add(i);
            }
            t.setSelection(indices.stream().mapToInt(Integer::intValue).toArray());
            t.notifyListeners(SWT.Selection, new Event());
            return null;
        });
    }

    static void execute(String command) {
        workbench.onUi(() -> window().getService(IHandlerService.class).executeCommand(command, null));
    }

    static void executeQuietly(String command) {
        try {
            window().getService(IHandlerService.class).executeCommand(command, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> unitNames() {
        UnitsView v = view(UnitsView.class);
        var t = v.table().current();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            names.add(t.row(i).unit());
        }
        return names;
    }

    /** The row of {@code unit} as the table paints it, or null. */
    static List<String> row(String unit) {
        int i = view(UnitsView.class).table().current().indexOf(unit);
        if (i < 0) {
            return null;
        }
        TableItem item = table(UnitsView.class).getItem(i);
        List<String> cells = new ArrayList<>();
        for (int c = 0; c < UnitRow.COLUMNS.length; c++) {
            cells.add(item.getText(c));
        }
        return cells;
    }

    static List<List<String>> rows(Table t) {
        List<List<String>> out = new ArrayList<>();
        for (TableItem item : t.getItems()) {
            List<String> cells = new ArrayList<>();
            for (int c = 0; c < t.getColumnCount(); c++) {
                cells.add(item.getText(c));
            }
            out.add(cells);
        }
        return out;
    }

    static Table table(Class<? extends IViewPart> type) {
        IViewPart v = view(type);
        if (v instanceof MachinesView m) {
            return m.viewer().getTable();
        }
        return ((UnitsView) v).table().table();
    }

    static String label(Class<? extends IViewPart> type, String id) {
        return Ui.find(window().getShell(), id, Label.class).getText();
    }

    static <T extends IViewPart> T view(Class<T> type) {
        for (var ref : window().getActivePage().getViewReferences()) {
            IViewPart part = ref.getView(false);
            if (type.isInstance(part)) {
                return type.cast(part);
            }
        }
        throw new AssertionError("no open " + type.getSimpleName());
    }

    static IWorkbenchWindow window() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow();
    }
}
