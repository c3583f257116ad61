package dev.flotilla.node.cli;

import dev.flotilla.core.client.ClientConfig;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.node.up.LocalCluster;
import dev.flotilla.node.up.SampleUnits;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flotilla up}: a local cluster on loopback plus the workbench, until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start a local cluster on loopback (data kept between runs), submit the sample units and open "
                + "the workbench connected to it. Ctrl-C stops everything.",
        footer = {"", "Example:", "  flotilla up                # three nodes, data under .flotilla/up",
                "  flotilla up --no-workbench --data-dir /tmp/demo"})
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--data-dir", description = "Where the members keep their data (default: .flotilla/up under "
            + "the project directory).")
    Path dataDir;

    @Option(names = "--size", defaultValue = "3", description = "Number of members (1-5, default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--no-workbench", description = "Do not open the workbench even when a display is available.")
    boolean noWorkbench;

    @Option(names = "--workbench", description = "The workbench launcher to run (default: the built product).")
    Path workbench;

    @Override
    public Integer call() throws Exception {
        Path root = dataDir != null ? dataDir
                : Path.of(System.getenv().getOrDefault("FLOTILLA_ROOT", ".")).resolve(".flotilla/up");
        root = root.toAbsolutePath().normalize();
        LocalCluster cluster = new LocalCluster(root, size, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        List<Process> extras = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping the local cluster...");
            for (Process p : extras) p.destroy();
            cluster.close();
            System.out.println("stopped; data kept in " + cluster.members().get(0).dataDir().getParent());
            stopped.countDown();
        }, "flotilla-up-stop"));
        System.out.println("local cluster data: " + root);
        cluster.start();
        cluster.awaitHealthy(Duration.ofSeconds(90));
        String endpoints = cluster.clientEndpoints();
        KeysClient store = KeysClient.create(ClientConfig.builder()
                .endpoints(cluster.members().stream().map(m -> URI.create(m.clientUrl())).toList()).build());
        SampleUnits.submit(store, System.out);
        System.out.println();
        System.out.println("cluster ready: " + endpoints);
        System.out.println("  ./flotilla --endpoint " + cluster.members().get(0).clientUrl() + " list-machines");
        System.out.println("  ETCDCTL_API=2 etcdctl --endpoints " + endpoints + " ls /");

        Path launcher = workbench != null ? workbench : defaultWorkbench();
        String display = System.getenv("DISPLAY");
        if (!noWorkbench && display != null && !display.isBlank() && launcher != null && Files.isExecutable(launcher)) {
            // the workbench connects to one member; the others serve the same cluster
            Process wb = new ProcessBuilder(launcher.toString(), "--connect", cluster.members().get(0).clientUrl())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("workbench.log").toFile()))
                    .start();
            extras.add(wb);
            System.out.println("workbench opened on " + display + " (log: " + root.resolve("workbench.log") + ")");
        } else {
            System.out.println("open the workbench with: ./flotilla workbench --connect "
                    + cluster.members().get(0).clientUrl()
                    + (launcher == null || !Files.isExecutable(launcher) ? "   (build it first: ./mvnw -B -DskipTests package)" : ""));
        }
        System.out.println("Ctrl-C stops the cluster.");
        stopped.await();
        return 0;
    }

    private static Path defaultWorkbench() {
        String env = System.getenv("FLOTILLA_WORKBENCH");
        return env == null || env.isBlank() ? null : Path.of(env);
    }
}
