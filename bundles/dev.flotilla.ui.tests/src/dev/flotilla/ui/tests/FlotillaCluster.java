package dev.flotilla.ui.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.flotilla.core.client.ClientConfig;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.ConfigException;
import dev.flotilla.core.client.KeysClient;

/**
 * A real Flotilla cluster on loopback for the UI tests: {@code flotilla node} processes started from the
 * distribution the reactor built ({@code runtime-node/target/flotilla/bin/flotilla}, found from the
 * repository root), each on free ports with a fresh data directory; {@link #close()} kills them and
 * deletes their data. Single members can be stopped and started again to test lost connections.
 */
public final class FlotillaCluster implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(90);

    /** One member. */
    public static final class Node {
        final String name;
        final int clientPort;
        final int peerPort;
        final Path dataDir;
        final Path log;
        Process process;

        Node(String name, int clientPort, int peerPort, Path dataDir, Path log) {
            this.name = name;
            this.clientPort = clientPort;
            this.peerPort = peerPort;
            this.dataDir = dataDir;
            this.log = log;
        }

        public String clientUrl() {
            return "http://127.0.0.1:" + clientPort;
        }

        String peerUrl() {
            return "http://127.0.0.1:" + peerPort;
        }
    }

    private final Path launcher;
    private final List<Node> nodes;
    private final String initialCluster;

    private FlotillaCluster(Path launcher, List<Node> nodes) {
        this.launcher = launcher;
        this.nodes = nodes;
        this.initialCluster = nodes.stream().map(n -> n.name + "=" + n.peerUrl()).collect(Collectors.joining(","));
    }

    /** Starts {@code size} members and waits until every one answers and a leader is elected. */
    public static FlotillaCluster start(Path workDir, int size) throws IOException, InterruptedException {
        Path launcher = findLauncher();
        Files.createDirectories(workDir);
        List<Node> nodes = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            Path data = Files.createTempDirectory(workDir, "n" + i + "-data-");
            nodes.add(new Node("n" + i, freePort(), freePort(), data, workDir.resolve("n" + i + ".log")));
        }
        FlotillaCluster cluster = new FlotillaCluster(launcher, nodes);
        try {
            for (Node n : nodes) {
                cluster.launch(n);
            }
            for (Node n : nodes) {
                cluster.awaitReady(n);
            }
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** The distribution's launcher, from the repository root above the test's working directory. */
    static Path findLauncher() {
        Path relative = Path.of("runtime-node", "target", "flotilla", "bin", "flotilla");
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail("The workbench UI tests run real Flotilla nodes, but " + relative + " was not found above "
                + Path.of("").toAbsolutePath() + "; build the whole reactor (./mvnw -B verify) so runtime-node "
                + "is packaged before the UI tests");
    }

    private void launch(Node n) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of(launcher.toString(), "node",
                "--name", n.name,
                "--data-dir", n.dataDir.toString(),
                "--listen-client-urls", n.clientUrl(),
                "--advertise-client-urls", n.clientUrl(),
                "--listen-peer-urls", n.peerUrl(),
                "--initial-advertise-peer-urls", n.peerUrl(),
                "--initial-cluster", initialCluster,
                "--initial-cluster-state", "new"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(n.log.toFile()));
        n.process = builder.start();
    }

    private void awaitReady(Node n) throws InterruptedException {
        KeysClient client = clientOf(n.clientUrl());
        long deadline = System.nanoTime() + STARTUP.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!n.process.isAlive()) {
                fail("flotilla node " + n.name + " exited with code " + n.process.exitValue()
                        + " before answering; its log:\n" + logTail(n));
            }
            try {
                client.get("/");
                client.leader();
                return;
            } catch (ClientException notYet) {
                last = notYet.getMessage();
            }
            Thread.sleep(200);
        }
        fail("flotilla node " + n.name + " did not answer at " + n.clientUrl() + " within " + STARTUP.toSeconds()
                + " s (last: " + last + "); its log:\n" + logTail(n));
    }

    public Node node(int index) {
        return nodes.get(index);
    }

    public int size() {
        return nodes.size();
    }

    /** A client that knows every member. */
    public KeysClient client() {
        try {
            return KeysClient.create(ClientConfig.builder()
                    .endpoints(nodes.stream().map(n -> URI.create(n.clientUrl())).toList()).build());
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeysClient clientOf(String url) {
        try {
            return KeysClient.create(ClientConfig.builder().endpoint(URI.create(url)).build());
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Kills one member (its data stays), as a crash or a pulled cable would. */
    public void stop(int index) throws InterruptedException {
        kill(nodes.get(index));
    }

    /** Starts a stopped member again on its data and waits until it answers. */
    public void restart(int index) throws IOException, InterruptedException {
        Node n = nodes.get(index);
        launch(n);
        awaitReady(n);
    }

    private static void kill(Node n) throws InterruptedException {
        if (n.process == null) {
            return;
        }
        n.process.destroy();
        if (!n.process.waitFor(10, TimeUnit.SECONDS)) {
            n.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static String logTail(Node n) {
        try {
            List<String> lines = Files.readAllLines(n.log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + n.log + ": " + e.getMessage() + ")";
        }
    }

    /** Kills every member and deletes their data. */
    @Override
    public void close() {
        for (Node n : nodes) {
            try {
                kill(n);
            } catch (InterruptedException e) {
                n.process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            try (Stream<Path> files = Files.walk(n.dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temp dir under target/ is harmless
            }
        }
    }
}
