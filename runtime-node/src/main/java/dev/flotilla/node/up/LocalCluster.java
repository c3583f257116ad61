package dev.flotilla.node.up;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cluster of node processes on loopback, each started with etcd's flags (the node start contract), sharing this
 * JVM's Java and class path. Ports follow etcd's local-cluster convention: 2379/2380, 22379/22380, 32379/32380.
 */
public final class LocalCluster implements AutoCloseable {

    /** One member: its name, client and peer ports, data directory and process. */
    public record Member(String name, int clientPort, int peerPort, Path dataDir, Path log) {
        public String clientUrl() { return "http://127.0.0.1:" + clientPort; }
        public String peerUrl() { return "http://127.0.0.1:" + peerPort; }
    }

    private final Path root;
    private final List<Member> members = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final PrintStream out;

    public LocalCluster(Path root, int size, PrintStream out) {
        this.root = root;
        this.out = out;
        int[] base = {2379, 22379, 32379, 42379, 52379};
        if (size < 1 || size > base.length) throw new IllegalArgumentException("size must be 1.." + base.length);
        for (int i = 0; i < size; i++) {
            String name = "n" + (i + 1);
            members.add(new Member(name, base[i], base[i] + 1, root.resolve(name), root.resolve(name + ".log")));
        }
    }

    public List<Member> members() { return List.copyOf(members); }

    public String clientEndpoints() {
        return String.join(",", members.stream().map(Member::clientUrl).toList());
    }

    /** Starts every member; a data directory that already exists is rejoined with its data. */
    public void start() throws IOException {
        Files.createDirectories(root);
        String initialCluster = String.join(",", members.stream().map(m -> m.name() + "=" + m.peerUrl()).toList());
        for (Member m : members) {
            boolean existing = Files.isDirectory(m.dataDir());
            List<String> cmd = new ArrayList<>(nodeLauncher());
            cmd.addAll(List.of("--name", m.name(), "--data-dir", m.dataDir().toString(),
                    "--listen-client-urls", m.clientUrl(), "--advertise-client-urls", m.clientUrl(),
                    "--listen-peer-urls", m.peerUrl(), "--initial-advertise-peer-urls", m.peerUrl(),
                    "--initial-cluster", initialCluster,
                    "--initial-cluster-state", existing ? "existing" : "new",
                    "--metadata", "member=" + m.name(),
                    // a demo cluster leaves nothing running after Ctrl-C; the next run starts the units again
                    "--stop-units-on-exit"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(m.log().toFile())).start();
            processes.add(p);
            out.printf("started %s (pid %d) client %s peer %s data %s%n", m.name(), p.pid(), m.clientUrl(),
                    m.peerUrl(), m.dataDir());
        }
    }

    /**
     * The command that starts a node: the distribution's launcher (it carries the node's tuned JVM flags) when this
     * JVM was started by it, else this JVM's own Java and class path (tests).
     */
    static List<String> nodeLauncher() {
        String home = System.getenv("FLOTILLA_HOME");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "flotilla"))) {
            return List.of(Path.of(home, "bin", "flotilla").toString(), "node");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(java, "-Xmx160m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "dev.flotilla.node.cli.FlotillaCommand", "node");
    }

    /** Waits until every member answers /health with true; fails naming the member and its log otherwise. */
    public void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            while (true) {
                if (!processes.get(i).isAlive()) {
                    throw new IOException(m.name() + " exited with status " + processes.get(i).exitValue()
                            + "; see " + m.log());
                }
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(m.clientUrl() + "/health"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().contains("true")) break;
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException(m.name() + " is not healthy after " + timeout.toSeconds() + " s; see " + m.log());
                }
                Thread.sleep(250);
            }
            out.printf("%s healthy at %s%n", m.name(), m.clientUrl());
        }
    }

    /** Stops every member: SIGTERM first so each shuts down cleanly, SIGKILL after a grace period. */
    @Override
    public void close() {
        for (Process p : processes) p.destroy();
        for (int i = 0; i < processes.size(); i++) {
            Process p = processes.get(i);
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    out.printf("%s did not stop in 15 s; killing it%n", members.get(i).name());
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }
}
