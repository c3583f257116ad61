package dev.flotilla.node.server;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Real store members as separate JVM processes on loopback ports (test support): started with the node's
 * main class and the test classpath, killed with SIGKILL, restarted on the same data directories. Public for the
 * fault tests in {@code dev.flotilla.node.faults}.
 */
public final class LocalCluster implements AutoCloseable {
    public static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public final int size;
    public final Path dir;
    public final int[] clientPorts;
    public final int[] peerPorts;
    public final Process[] processes;
    /** Store members only (the store's own tests), or whole nodes with agent and engine (scheduler tests). */
    public final boolean storeOnly;
    /** Each member's address: loopback unless a fault test gives members their own (network namespaces). */
    public final String[] hosts;
    /** Words put before each member's java command (e.g. {@code ip netns exec ns1}); empty by default. */
    public final List<List<String>> launchers = new ArrayList<>();
    /** Each member's data directory; a fault test may point one at a small tmpfs. */
    public final Path[] dataDirs;
    /** Each member's {@code --initial-cluster-state}: "new" unless a test re-adds a member ("existing"). */
    public final String[] clusterStates;

    /** Store members only: what the store's tests need, without agents and engines adding their own load. */
    public LocalCluster(int size, Path dir) throws IOException {
        this(size, dir, true);
    }

    public LocalCluster(int size, Path dir, boolean storeOnly) throws IOException {
        this.size = size;
        this.dir = dir;
        this.storeOnly = storeOnly;
        clientPorts = new int[size];
        peerPorts = new int[size];
        processes = new Process[size];
        hosts = new String[size];
        dataDirs = new Path[size];
        clusterStates = new String[size];
        for (int i = 0; i < size; i++) {
            clientPorts[i] = freePort();
            peerPorts[i] = freePort();
            hosts[i] = "127.0.0.1";
            dataDirs[i] = dir.resolve(name(i) + ".data");
            clusterStates[i] = "new";
            launchers.add(List.of());
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    public String name(int i) {
        return "n" + (i + 1);
    }

    public String client(int i) {
        return "http://" + hosts[i] + ":" + clientPorts[i];
    }

    public String peer(int i) {
        return "http://" + hosts[i] + ":" + peerPorts[i];
    }

    public String initialCluster() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            parts.add(name(i) + "=" + peer(i));
        }
        return String.join(",", parts);
    }

    public void startAll() throws IOException {
        for (int i = 0; i < size; i++) {
            start(i);
        }
    }

    public void start(int i) throws IOException {
        File log = dir.resolve(name(i) + ".log").toFile();
        List<String> cmd = new ArrayList<>(launchers.get(i));
        cmd.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "dev.flotilla.node.cli.FlotillaCommand", "node",
                "--name", name(i),
                "--data-dir", dataDirs[i].toString(),
                "--listen-client-urls", client(i), "--advertise-client-urls", client(i),
                "--listen-peer-urls", peer(i), "--initial-advertise-peer-urls", peer(i),
                "--initial-cluster", initialCluster(), "--initial-cluster-state", clusterStates[i],
                "--snapshot-count", "200"));
        if (storeOnly) {
            cmd.add("--store-only");
        } else {
            cmd.add("--stop-units-on-exit");
        }
        processes[i] = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
    }

    /** SIGKILL, like kill -9. */
    public void kill(int i) throws InterruptedException {
        Process p = processes[i];
        if (p != null) {
            p.destroyForcibly();
            p.waitFor();
            processes[i] = null;
        }
    }

    /** SIGKILL to every member before waiting for any: the whole cluster dies at the same moment. */
    public void killAll() throws InterruptedException {
        for (Process p : processes) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
        for (int i = 0; i < size; i++) {
            kill(i);
        }
    }

    public boolean alive(int i) {
        return processes[i] != null && processes[i].isAlive();
    }

    /** Waits until every live member reports a leader; returns the leader's index. */
    public int awaitLeader(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            int leader = -1;
            boolean allHealthy = true;
            for (int i = 0; i < size; i++) {
                if (!alive(i)) {
                    continue;
                }
                Resp h = get(i, "/health");
                if (h == null || h.status != 200) {
                    allHealthy = false;
                    break;
                }
                Resp s = get(i, "/v2/stats/self");
                if (s != null && s.body.contains("\"state\":\"StateLeader\"")) {
                    leader = i;
                }
            }
            if (allHealthy && leader >= 0) {
                return leader;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no leader within " + timeout + "; logs in " + dir);
    }

    public record Resp(int status, String body, java.net.http.HttpHeaders headers) {
    }

    public Resp get(int i, String path) {
        return send(i, HttpRequest.newBuilder(URI.create(client(i) + path)).GET());
    }

    public Resp put(int i, String key, String value) {
        return form(i, "PUT", "/v2/keys" + key, "value=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    public Resp form(int i, String method, String path, String body) {
        return send(i, HttpRequest.newBuilder(URI.create(client(i) + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    public Resp send(int i, HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = HTTP.send(b.timeout(Duration.ofSeconds(15)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Resp(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The end of a member's log, for failure messages. */
    public String logTail(int i) {
        try {
            String s = java.nio.file.Files.readString(dir.resolve(name(i) + ".log"));
            StringBuilder sb = new StringBuilder();
            for (String line : s.split("\n")) {
                if (!line.startsWith("\tat ") && !line.startsWith("\t...") && !line.contains("Failed appendEntries")
                        && !line.contains("ServerNotReadyException")) {
                    sb.append(line, 0, Math.min(line.length(), 300)).append('\n');
                }
            }
            return "(" + s.length() + " chars, process " + (alive(i) ? "alive" : "dead") + ")\n"
                    + sb.substring(Math.max(0, sb.length() - 6000));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (int i = 0; i < size; i++) {
            kill(i);
        }
    }
}
