package dev.flotilla.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.flotilla.ui.connection.ConnectionStatusItem;
import dev.flotilla.ui.keys.KeyValueView;

/**
 * The workbench started like the product ({@code --connect URL}) against a real etcd v2 server: the key-value
 * view shows the store, follows a refresh, and says so when the cluster cannot be reached.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyValueViewUITest {

    private static final Duration LOAD = Duration.ofSeconds(30);
    private static final String MACHINE_1 = "{\"id\":\"4f1e0c7a\",\"ip\":\"10.0.0.11\",\"metadata\":{\"region\":\"eu-west\"}}";
    private static final String MACHINE_2 = "{\"id\":\"9b2d41e3\",\"ip\":\"10.0.0.12\",\"metadata\":{\"region\":\"us-east\"}}";
    private static final String WEB_UNIT = "[Unit]\nDescription=Web front end\n\n[Service]\n"
            + "ExecStart=/bin/busybox httpd -f -p 8080\n\n[X-Fleet]\nConflicts=web@*.service\n";

    private static EtcdV2Server etcd;
    private static RunningWorkbench workbench;

    @BeforeAll
    static void startClusterAndWorkbench() throws Exception {
        Path output = Path.of(System.getProperty("flotilla.test.output", "target"));
        etcd = EtcdV2Server.start(output.resolve("etcd"));
        etcd.put("/flotilla/machines/4f1e0c7a", MACHINE_1);
        etcd.put("/flotilla/machines/9b2d41e3", MACHINE_2);
        etcd.put("/flotilla/units/web.service", WEB_UNIT);
        etcd.put("/flotilla/engine/leader", "4f1e0c7a", 600);
        etcd.put("/message", "Hello from etcd");
        workbench = RunningWorkbench.start("--connect", etcd.clientUrl());
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            if (workbench != null) {
                workbench.close();
            }
        } finally {
            if (etcd != null) {
                etcd.close();
            }
        }
    }

    @Test
    @Order(1)
    void showsTheKeysOfTheClusterAsATree() throws Exception {
        List<String> rows = Ui.await(workbench, "the keys in the tree", LOAD, KeyValueViewUITest::visibleRows,
                r -> r.stream().anyMatch(row -> row.startsWith("flotilla/machines | ")));

        // first load opens two levels: the top directories and their children are visible
        assertTrue(rows.stream().anyMatch(r -> r.matches("message \\| Hello from etcd \\|  \\| [1-9][0-9]*")),
                rows::toString);
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("flotilla | (3 entries)")), rows::toString);
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("flotilla/machines | (2 entries)")), rows::toString);
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("flotilla/units | (1 entry)")), rows::toString);

        List<String> all = workbench.onUi(() -> {
            view().viewer().expandAll();
            return visibleRows();
        });
        assertTrue(all.stream().anyMatch(r -> r.startsWith("flotilla/machines/4f1e0c7a | " + MACHINE_1 + " | ")),
                all::toString);
        assertTrue(all.stream().anyMatch(r -> r.startsWith("flotilla/machines/9b2d41e3 | " + MACHINE_2 + " | ")),
                all::toString);
        // multi-line values are shown on one line in the tree
        assertTrue(all.stream().anyMatch(r -> r.startsWith("flotilla/units/web.service | [Unit]\u21B5Description=Web")),
                all::toString);
        // the leader key has a TTL counting down from 600 s
        String leader = all.stream().filter(r -> r.startsWith("flotilla/engine/leader | 4f1e0c7a | ")).findFirst()
                .orElseThrow(() -> new AssertionError("no leader row in " + all));
        long ttl = Long.parseLong(leader.split(" \\| ")[2].replace(" s", ""));
        assertTrue(ttl > 0 && ttl <= 600, leader);

        String status = workbench.onUi(() -> Ui.find(shell(), ConnectionStatusItem.ID, CLabel.class).getText());
        assertTrue(status.startsWith("Connected to " + etcd.clientUrl() + " · 5 keys · index "), status);
        assertEquals("Flotilla — " + etcd.clientUrl(), workbench.onUi(() -> shell().getText()));

        // selecting a machine shows its JSON pretty-printed beside the tree
        String detail = workbench.onUi(() -> {
            select("4f1e0c7a");
            return Ui.find(shell(), KeyValueView.DETAIL_VALUE, Text.class).getText();
        });
        assertTrue(detail.contains("\"ip\" : \"10.0.0.11\""), detail);
        assertTrue(detail.contains("\n"), "pretty-printed on several lines: " + detail);

        Path shot = workbench.onUi(() -> Ui.screenshot(shell(), "key-value-view"));
        assertTrue(Files.size(shot) > 10_000, "screenshot " + shot + " looks empty");
    }

    @Test
    @Order(2)
    void refreshShowsAKeyWrittenMeanwhileAndKeepsTheTreeOpen() throws Exception {
        etcd.put("/flotilla/units/db.service", "[Service]\nExecStart=/bin/busybox sleep 1000\n");
        workbench.onUi(() -> {
            view().viewer().collapseAll();
            view().viewer().expandToLevel(2);
            view().viewer().setExpandedState(findItem(view().viewer().getTree().getItems(), "units").getData(), true);
            return null;
        });

        // F5: the workbench's Refresh command, handled by the active key-value view
        workbench.onUi(() -> PlatformUI.getWorkbench().getService(IHandlerService.class)
                .executeCommand("org.eclipse.ui.file.refresh", null));

        List<String> rows = Ui.await(workbench, "db.service after refresh", LOAD, KeyValueViewUITest::visibleRows,
                r -> r.stream().anyMatch(row -> row.startsWith("flotilla/units/db.service | [Service]")));
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("flotilla/units | (2 entries)")), rows::toString);
        // what was open stays open, what was closed stays closed
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("flotilla/units/web.service | ")), rows::toString);
        assertTrue(rows.stream().noneMatch(r -> r.startsWith("flotilla/machines/")), rows::toString);
        String status = workbench.onUi(() -> Ui.find(shell(), ConnectionStatusItem.ID, CLabel.class).getText());
        assertTrue(status.contains("· 6 keys ·"), status);
    }

    @Test
    @Order(3)
    void aMistypedEndpointIsRejectedAndChangesNothing() throws Exception {
        List<String> before = workbench.onUi(KeyValueViewUITest::visibleRows);
        workbench.onUi(() -> typeEndpointAndPressEnter("localhost:2379"));

        String message = workbench.onUi(() -> Ui.find(shell(), KeyValueView.MESSAGE_LINE, CLabel.class).getText());
        assertEquals("Endpoint field: 'localhost:2379' must start with http:// or https://; "
                + "expected one like http://127.0.0.1:2379", message);
        assertEquals(before, workbench.onUi(KeyValueViewUITest::visibleRows));
        String status = workbench.onUi(() -> Ui.find(shell(), ConnectionStatusItem.ID, CLabel.class).getText());
        assertTrue(status.startsWith("Connected to " + etcd.clientUrl()), status);
    }

    @Test
    @Order(4)
    void anUnreachableClusterShowsInTheStatusLineAndTheView() throws Exception {
        String nobody = "http://127.0.0.1:" + closedPort();
        workbench.onUi(() -> typeEndpointAndPressEnter(nobody));

        String status = Ui.await(workbench, "the status line to report " + nobody, LOAD,
                () -> Ui.find(shell(), ConnectionStatusItem.ID, CLabel.class).getText(),
                s -> s.startsWith("Unreachable: " + nobody));
        assertEquals("Unreachable: " + nobody, status);
        String message = workbench.onUi(() -> Ui.find(shell(), KeyValueView.MESSAGE_LINE, CLabel.class).getText());
        assertEquals("Cannot reach " + nobody + ": connection refused (is a node running there?)", message);
        assertEquals(List.of(), workbench.onUi(KeyValueViewUITest::visibleRows));
        Ui.await(workbench, "the window title to name " + nobody, LOAD, () -> shell().getText(),
                t -> t.equals("Flotilla — " + nobody));
        workbench.onUi(() -> Ui.screenshot(shell(), "key-value-view-unreachable"));

        // and back: the tree returns
        workbench.onUi(() -> typeEndpointAndPressEnter(etcd.clientUrl()));
        Ui.await(workbench, "the keys after reconnecting", LOAD, KeyValueViewUITest::visibleRows,
                r -> r.stream().anyMatch(row -> row.startsWith("message | Hello from etcd")));
    }

    private static Object typeEndpointAndPressEnter(String text) {
        Text field = Ui.find(shell(), KeyValueView.ENDPOINT_FIELD, Text.class);
        field.setFocus();
        field.setText(text);
        field.notifyListeners(SWT.DefaultSelection, new Event());
        return null;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort(); // closed again when the test uses it
        }
    }

    private static void select(String name) {
        Tree tree = view().viewer().getTree();
        TreeItem item = findItem(tree.getItems(), name);
        if (item == null) {
            throw new AssertionError("no row named " + name);
        }
        tree.setSelection(item);
        Event event = new Event();
        event.item = item;
        tree.notifyListeners(SWT.Selection, event);
    }

    private static TreeItem findItem(TreeItem[] items, String name) {
        for (TreeItem item : items) {
            if (item.getText(0).equals(name)) {
                return item;
            }
            TreeItem found = findItem(item.getItems(), name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static List<String> visibleRows() {
        return Ui.visibleRows(view().viewer().getTree().getItems(), "");
    }

    private static KeyValueView view() {
        return (KeyValueView) window().getActivePage().findView(KeyValueView.ID);
    }

    private static IWorkbenchWindow window() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow();
    }

    private static Shell shell() {
        return window().getShell();
    }
}
