package dev.flotilla.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.flotilla.core.api.EtcdError;
import dev.flotilla.core.client.EtcdException;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.ui.connection.ClusterProfile;
import dev.flotilla.ui.connection.ClusterProfileDialog;
import dev.flotilla.ui.connection.ClusterRegistry;
import dev.flotilla.ui.connection.ConnectionStatusItem;
import dev.flotilla.ui.connection.ConnectionsView;
import dev.flotilla.ui.connection.SecretStore;
import dev.flotilla.ui.keys.KeyValueView;

/**
 * The workbench started like the product ({@code --connect URL}) against a real three-member Flotilla
 * cluster: one workbench and one cluster for all views (a workbench starts once per process), each view
 * tested in its own nested class, in the order a user would meet them.
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class WorkbenchUITest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static FlotillaCluster cluster;
    static KeysClient keys;
    static RunningWorkbench workbench;

    /**
     * The run's one cluster and workbench, shared with the other UI test classes (a workbench starts once per
     * process); {@link UiSession} seeds the sample keys these tests read before the workbench starts.
     */
    @RegisterExtension
    static final BeforeAllCallback SESSION = context -> {
        UiSession session = UiSession.get(context);
        cluster = session.cluster;
        workbench = session.workbench;
        keys = cluster.client();
    };

    @Nested
    @Order(1)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class Connections {

        @Test
        @Order(1)
        void theStatusLineNamesTheClusterItsHealthAndLeaderOnTheClusterColour() throws Exception {
            String status = Ui.await(workbench, "a healthy status line", WAIT, WorkbenchUITest::statusLine,
                    s -> s.contains("healthy 3/3"));
            String host = cluster.node(0).clientUrl().substring("http://".length());
            assertTrue(status.matches(java.util.regex.Pattern.quote(host) + " · healthy 3/3 · leader n[123]"),
                    status);
            assertEquals("Flotilla — " + host + " (" + cluster.node(0).clientUrl() + ")",
                    workbench.onUi(() -> shell().getText()));
            String colour = workbench.onUi(() -> {
                org.eclipse.swt.graphics.RGB rgb = Ui.find(shell(), ConnectionStatusItem.ID, CLabel.class)
                        .getBackground().getRGB();
                return dev.flotilla.ui.support.Widgets.hex(rgb);
            });
            assertEquals(dev.flotilla.ui.connection.ClusterConnection.active().profile().colour(), colour);
        }

        @Test
        @Order(2)
        void aClusterAddedWithAPasswordKeepsThePasswordInSecureStorageOnly() throws Exception {
            workbench.onUi(() -> showView(ConnectionsView.ID));
            int before = ClusterRegistry.get().profiles().size();
            workbench.onUiLater(() -> runToolbarAction(ConnectionsView.ID, "Add Cluster…"));
            Shell dialog = Ui.awaitShell(workbench, "Cluster");
            workbench.onUi(() -> {
                Ui.find(dialog, ClusterProfileDialog.NAME, Text.class).setText("staging");
                Ui.find(dialog, ClusterProfileDialog.ENDPOINTS, Text.class).setText("ftp://host:21");
                return null;
            });
            // a bad endpoint is refused naming the field, and Save stays disabled
            String error = workbench.onUi(() -> ((org.eclipse.jface.dialogs.TitleAreaDialog) dialog.getData())
                    .getErrorMessage());
            assertEquals("Endpoints: bad endpoint 'ftp://host:21': the scheme must be http or https", error);
            assertFalse(workbench.onUi(() -> Ui.button(dialog, "Save").isEnabled()));
            workbench.onUi(() -> {
                Ui.find(dialog, ClusterProfileDialog.ENDPOINTS, Text.class)
                        .setText(cluster.node(1).clientUrl() + ", " + cluster.node(2).clientUrl());
                Ui.find(dialog, ClusterProfileDialog.USERNAME, Text.class).setText("operator");
                Ui.find(dialog, ClusterProfileDialog.PASSWORD, Text.class).setText("s3cret-Passw0rd");
                return null;
            });
            workbench.onUi(() -> Ui.screenshot(dialog, "cluster-dialog"));
            workbench.onUi(() -> {
                Ui.press(dialog, "Save");
                return null;
            });
            ClusterProfile staging = Ui.await(workbench, "the staging cluster in the list", WAIT,
                    () -> ClusterRegistry.get().profiles().stream().filter(p -> p.name().equals("staging"))
                            .findFirst().orElse(null), p -> p != null);
            assertEquals(before + 1, ClusterRegistry.get().profiles().size());
            assertEquals("operator", staging.username());
            assertEquals(2, staging.endpoints().size());
            assertEquals("s3cret-Passw0rd", SecretStore.password(staging.id()));
            String saved = InstanceScope.INSTANCE.getNode("dev.flotilla.ui").get("clusters", "");
            assertTrue(saved.contains("\"staging\""), saved);
            assertFalse(saved.contains("s3cret"), "the password must not be in the preferences: " + saved);
            List<String> rows = workbench.onUi(WorkbenchUITest::connectionRows);
            assertTrue(rows.stream().anyMatch(r -> r.startsWith("staging | " + cluster.node(1).clientUrl())
                    && r.contains("user operator")), rows::toString);
            workbench.onUi(() -> Ui.screenshot(shell(), "connections-view"));
        }
    }

    @Nested
    @Order(2)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class KeyValueBrowser {

        @Test
        @Order(1)
        void showsTheStoreAsATreeWithJsonPrettyPrinted() throws Exception {
            workbench.onUi(() -> {
                showView(KeyValueView.ID);
                view(KeyValueView.class).setShowHidden(false); // the view remembers it from the last run
                return null;
            });
            List<String> rows = Ui.await(workbench, "the keys in the tree", WAIT, WorkbenchUITest::keyRows,
                    r -> r.stream().anyMatch(row -> row.startsWith("config/app | ")));
            assertTrue(rows.contains("message | Hello from Flotilla"), rows::toString);
            assertTrue(rows.contains("config | (2 entries)"), rows::toString);
            assertTrue(rows.stream().noneMatch(r -> r.startsWith("_flotilla")), "hidden keys stay hidden: " + rows);
            String detail = workbench.onUi(() -> {
                select("app");
                return Ui.find(shell(), KeyValueView.DETAIL_VALUE, Text.class).getText();
            });
            assertEquals("{\n  \"replicas\" : 3,\n  \"image\" : \"busybox\"\n}", detail);
        }

        @Test
        @Order(2)
        void aKeyWrittenElsewhereAppearsLiveAndTtlsCountDown() throws Exception {
            keys.set("/config/zone", "b");
            List<String> rows = Ui.await(workbench, "config/zone from the watch", WAIT, WorkbenchUITest::keyRows,
                    r -> r.contains("config/zone | b"));
            assertTrue(rows.contains("config | (3 entries)"), rows::toString);
            long first = ttlOf("leases/web");
            assertTrue(first > 0 && first <= 600, "ttl " + first);
            long later = Ui.await(workbench, "the TTL to count down", Duration.ofSeconds(10),
                    () -> ttlOf("leases/web"), t -> t < first);
            assertTrue(later < first);
            keys.delete("/config/zone", dev.flotilla.core.client.DeleteOptions.DEFAULT);
            Ui.await(workbench, "config/zone to go", WAIT, WorkbenchUITest::keyRows,
                    r -> !r.contains("config/zone | b") && r.contains("config | (2 entries)"));
            workbench.onUi(() -> Ui.screenshot(shell(), "key-value-view"));
        }

        @Test
        @Order(3)
        void savingIsACompareAndSwapThatWritesJsonBackOnOneLine() throws Exception {
            workbench.onUi(() -> {
                select("app");
                Text editor = Ui.find(shell(), KeyValueView.DETAIL_VALUE, Text.class);
                editor.setText(editor.getText().replace("3", "5"));
                Ui.find(shell(), KeyValueView.SAVE_BUTTON, org.eclipse.swt.widgets.Button.class)
                        .notifyListeners(SWT.Selection, new Event());
                return null;
            });
            Ui.await(workbench, "the saved value on the cluster", WAIT, () -> value("/config/app"),
                    v -> v.equals("{\"replicas\":5,\"image\":\"busybox\"}"));
            Ui.await(workbench, "the message that it was saved", WAIT,
                    () -> Ui.find(shell(), KeyValueView.MESSAGE_LINE, CLabel.class).getText(),
                    m -> m.startsWith("Saved /config/app at index "));
        }

        @Test
        @Order(4)
        void aValueChangedMeanwhileOpensTheConflictDialog() throws Exception {
            workbench.onUi(() -> {
                select("region");
                Ui.find(shell(), KeyValueView.DETAIL_VALUE, Text.class).setText("eu-central");
                return null;
            });
            keys.set("/config/region", "us-east"); // someone else wins the race
            workbench.onUiLater(() -> view(KeyValueView.class).save());
            Shell dialog = Ui.awaitShell(workbench, "Key Changed on the Cluster");
            String theirs = workbench.onUi(() -> Ui.find(dialog, "dev.flotilla.ui.keys.conflict.theirs", Text.class)
                    .getText());
            assertEquals("us-east", theirs);
            workbench.onUi(() -> Ui.screenshot(dialog, "key-value-conflict"));
            workbench.onUi(() -> {
                Ui.press(dialog, "Take Theirs");
                return null;
            });
            Ui.await(workbench, "their value in the editor", WAIT,
                    () -> Ui.find(shell(), KeyValueView.DETAIL_VALUE, Text.class).getText(), t -> t.equals("us-east"));
            assertEquals("us-east", value("/config/region"), "taking theirs writes nothing");
        }

        @Test
        @Order(5)
        void createAndDeleteKeysThroughDialogsWithConfirmation() throws Exception {
            workbench.onUi(() -> {
                select("config");
                return null;
            });
            workbench.onUiLater(() -> view(KeyValueView.class).newKey());
            Shell dialog = Ui.awaitShell(workbench, "New Key");
            workbench.onUi(() -> {
                assertEquals("/config/", Ui.find(dialog, "dev.flotilla.ui.keys.new.key", Text.class).getText());
                Ui.find(dialog, "dev.flotilla.ui.keys.new.key", Text.class).setText("/config/owner");
                Ui.find(dialog, "dev.flotilla.ui.keys.new.value", Text.class).setText("ops-team");
                Ui.find(dialog, "dev.flotilla.ui.keys.new.ttl", Text.class).setText("300");
                Ui.press(dialog, "Create");
                return null;
            });
            Ui.await(workbench, "the new key on the cluster", WAIT, () -> value("/config/owner"),
                    v -> "ops-team".equals(v));
            Ui.await(workbench, "the new key in the tree", WAIT, WorkbenchUITest::keyRows,
                    r -> r.contains("config/owner | ops-team"));

            workbench.onUi(() -> {
                select("owner");
                return null;
            });
            workbench.onUiLater(() -> view(KeyValueView.class).deleteSelected());
            Shell confirm = Ui.awaitShell(workbench, "Delete Keys");
            workbench.onUi(() -> {
                Ui.press(confirm, "Delete");
                return null;
            });
            Ui.await(workbench, "the key to be deleted on the cluster", WAIT, () -> value("/config/owner"),
                    v -> v == null);
            Ui.await(workbench, "the key to leave the tree", WAIT, WorkbenchUITest::keyRows,
                    r -> r.stream().noneMatch(row -> row.startsWith("config/owner")));
        }

        @Test
        @Order(6)
        void hiddenKeysShowOnRequest() throws Exception {
            workbench.onUi(() -> {
                view(KeyValueView.class).setShowHidden(true);
                return null;
            });
            List<String> rows = Ui.await(workbench, "the hidden _flotilla directory", WAIT, () -> {
                view(KeyValueView.class).viewer().expandAll();
                return keyRows();
            }, r -> r.stream().anyMatch(row -> row.startsWith("_flotilla/ui-test/marker | ")));
            // the nodes' own records are there too: each member's machine heartbeat
            assertTrue(rows.stream().anyMatch(r -> r.startsWith("_flotilla/machines/")), rows::toString);
            keys.set("/_flotilla/ui-test/live", "yes");
            Ui.await(workbench, "a live hidden key", WAIT, () -> {
                view(KeyValueView.class).viewer().expandAll();
                return keyRows();
            }, r -> r.contains("_flotilla/ui-test/live | yes"));
            workbench.onUi(() -> Ui.screenshot(shell(), "key-value-view-hidden"));
            workbench.onUi(() -> {
                view(KeyValueView.class).setShowHidden(false);
                return null;
            });
        }
    }

    @Nested
    @Order(3)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class LostConnection {

        @Test
        void aLostClusterShowsInTheStatusLineAndComesBackByItself() throws Exception {
            workbench.onUi(() -> {
                showView(ConnectionsView.ID);
                Text url = Ui.find(shell(), ConnectionsView.URL_FIELD, Text.class);
                url.setText(cluster.node(2).clientUrl());
                url.notifyListeners(SWT.DefaultSelection, new Event());
                return null;
            });
            Ui.await(workbench, "the third node as the active cluster", WAIT, WorkbenchUITest::statusLine,
                    s -> s.startsWith(cluster.node(2).clientUrl().substring(7) + " · healthy"));
            cluster.stop(2);
            String down = Ui.await(workbench, "the status line to say unreachable", WAIT,
                    WorkbenchUITest::statusLine, s -> s.contains("unreachable"));
            assertTrue(down.contains("connection refused"), down);
            workbench.onUi(() -> Ui.screenshot(shell(), "connection-lost"));
            cluster.restart(2);
            Ui.await(workbench, "the status line to recover by itself", Duration.ofSeconds(60),
                    WorkbenchUITest::statusLine, s -> s.contains("healthy 3/3"));
            // a member that rejoins can hold up the cluster's writes for a few seconds: retry like a user would
            Ui.await(workbench, "a write to succeed after the member rejoined", Duration.ofSeconds(60),
                    () -> "", x -> trySet("/message", "Back again"));
            workbench.onUi(() -> showView(KeyValueView.ID));
            Ui.await(workbench, "the key-value view to follow the cluster again", WAIT, WorkbenchUITest::keyRows,
                    r -> r.contains("message | Back again"));
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Sets a key, off the UI thread; false when the cluster does not take it now. */
    static boolean trySet(String key, String value) {
        try {
            keys.set(key, value);
            return true;
        } catch (dev.flotilla.core.client.ClientException e) {
            return false;
        }
    }

    /** The value on the cluster, null when the key does not exist. */
    static String value(String key) {
        try {
            return keys.get(key).node().value();
        } catch (EtcdException e) {
            if (e.errorCode() == EtcdError.KEY_NOT_FOUND) {
                return null;
            }
            throw new IllegalStateException(e);
        } catch (dev.flotilla.core.client.ClientException e) {
            throw new IllegalStateException(e);
        }
    }

    static long ttlOf(String path) {
        return workbench.onUi(() -> {
            for (String row : keyRowsWithTtl()) {
                if (row.startsWith(path + " | ")) {
                    return Long.parseLong(row.substring(row.lastIndexOf(" | ") + 3).replace(" s", ""));
                }
            }
            throw new AssertionError("no row " + path + " in " + keyRowsWithTtl());
        });
    }

    static String statusLine() {
        return Ui.find(shell(), ConnectionStatusItem.ID, CLabel.class).getText();
    }

    /** "path | value" of the visible rows. */
    static List<String> keyRows() {
        return keyRowsWithTtl().stream().map(r -> r.substring(0, r.lastIndexOf(" | "))).toList();
    }

    static List<String> keyRowsWithTtl() {
        Tree tree = view(KeyValueView.class).viewer().getTree();
        List<String> rows = new java.util.ArrayList<>();
        collect(tree.getItems(), "", rows);
        return rows;
    }

    private static void collect(TreeItem[] items, String parent, List<String> rows) {
        for (TreeItem item : items) {
            if (item.getData() == null) {
                continue;
            }
            String path = parent.isEmpty() ? item.getText(0) : parent + "/" + item.getText(0);
            rows.add(path + " | " + item.getText(1) + " | " + item.getText(2));
            if (item.getExpanded()) {
                collect(item.getItems(), path, rows);
            }
        }
    }

    static List<String> connectionRows() {
        Table table = view(ConnectionsView.class).viewer().getTable();
        List<String> rows = new java.util.ArrayList<>();
        for (TableItem item : table.getItems()) {
            rows.add(item.getText(0) + " | " + item.getText(1) + " | " + item.getText(2));
        }
        return rows;
    }

    static void select(String name) {
        Tree tree = view(KeyValueView.class).viewer().getTree();
        view(KeyValueView.class).viewer().expandAll();
        TreeItem item = findItem(tree.getItems(), name);
        if (item == null) {
            throw new AssertionError("no row named " + name + " in " + keyRows());
        }
        tree.setSelection(item);
        Event event = new Event();
        event.item = item;
        tree.notifyListeners(SWT.Selection, event);
    }

    private static TreeItem findItem(TreeItem[] items, String name) {
        for (TreeItem item : items) {
            if (name.equals(item.getText(0))) {
                return item;
            }
            TreeItem found = findItem(item.getItems(), name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    static Object showView(String id) throws Exception {
        window().getActivePage().showView(id);
        return null;
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

    static void runToolbarAction(String viewId, String text) {
        IViewPart part = window().getActivePage().findView(viewId);
        for (var item : part.getViewSite().getActionBars().getToolBarManager().getItems()) {
            if (item instanceof org.eclipse.jface.action.ActionContributionItem a && text.equals(a.getAction().getText())) {
                a.getAction().run();
                return;
            }
        }
        throw new AssertionError("no toolbar action '" + text + "' in " + viewId);
    }

    static IWorkbenchWindow window() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow();
    }

    static Shell shell() {
        return window().getShell();
    }
}
