package dev.flotilla.ui.tests;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.extension.ExtensionContext;

import dev.flotilla.core.client.KeysClient;
import dev.flotilla.ui.connection.ClusterConnection;

/**
 * One real three-member cluster (with the sample keys) and one workbench connected to it, shared by every UI test
 * class that asks for it: a second workbench started in the same process does not render editors, so there is one
 * per run, started by the first class and closed when the whole run ends (JUnit closes the root store's resources
 * last).
 */
final class UiSession implements ExtensionContext.Store.CloseableResource {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(UiSession.class);

    final FlotillaCluster cluster;
    final RunningWorkbench workbench;

    private UiSession(FlotillaCluster cluster, RunningWorkbench workbench) {
        this.cluster = cluster;
        this.workbench = workbench;
    }

    static UiSession get(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(UiSession.class, k -> start(),
                UiSession.class);
    }

    private static UiSession start() {
        FlotillaCluster cluster = null;
        try {
            Path output = Path.of(System.getProperty("flotilla.test.output", "target"));
            cluster = FlotillaCluster.start(output.resolve("cluster"), 3);
            seed(cluster.client());
            RunningWorkbench workbench = RunningWorkbench.start("--connect", cluster.node(0).clientUrl());
            UiSession session = new UiSession(cluster, workbench);
            Ui.await(workbench, "the workbench connected to the cluster", Duration.ofSeconds(30),
                    () -> ClusterConnection.active().status().state(), s -> s == ClusterConnection.State.CONNECTED);
            return session;
        } catch (Exception e) {
            if (cluster != null) {
                cluster.close();
            }
            throw new IllegalStateException("cannot start the cluster and workbench for the UI tests: " + e, e);
        }
    }

    /** The sample keys the key-value browser tests read, written before the workbench first loads the store. */
    private static void seed(KeysClient keys) throws Exception {
        keys.set("/message", "Hello from Flotilla");
        keys.set("/config/app", "{\"replicas\":3,\"image\":\"busybox\"}");
        keys.set("/config/region", "eu-west");
        keys.create("/leases/web", "10.0.0.11", 600);
        keys.set("/_flotilla/ui-test/marker", "{\"written-by\":\"WorkbenchUITest\"}");
    }

    @Override
    public void close() throws Exception {
        try {
            workbench.close();
        } finally {
            cluster.close();
        }
    }
}
