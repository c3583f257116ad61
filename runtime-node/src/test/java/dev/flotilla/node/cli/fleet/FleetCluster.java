package dev.flotilla.node.cli.fleet;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.node.cli.CliProcess;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real cluster of {@code flotilla node} processes started from the built distribution (store, engine and agent
 * in each), as a user starts them, for the fleet ITs: each node may get its own {@code --metadata}; a node can be
 * killed with SIGKILL and started again on its data directory. The CLI runs as a separate process against all
 * client URLs. Unit processes that outlive a killed node are ended by the PIDs they wrote to {@link #pidDir}.
 */
final class FleetCluster implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Path dir;
    final int size;
    final List<String> metadata;
    final int[] client;
    final int[] peer;
    final Process[] nodes;
    final String endpoints;
    /** Where test units write their PIDs ({@code echo $$ >> pids/<unit>}), so nothing outlives the test. */
    final Path pidDir;

    /** @param metadata one {@code --metadata} value per node (e.g. {@code region=us-east,disk=ssd}) */
    FleetCluster(Path dir, List<String> metadata) throws IOException {
        this.dir = dir;
        this.size = metadata.size();
        this.metadata = List.copyOf(metadata);
        client = new int[size];
        peer = new int[size];
        nodes = new Process[size];
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            client[i] = freePort();
            peer[i] = freePort();
            urls.add(clientUrl(i));
        }
        endpoints = String.join(",", urls);
        pidDir = Files.createDirectories(dir.resolve("pids"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String name(int i) {
        return "n" + (i + 1);
    }

    String clientUrl(int i) {
        return "http://127.0.0.1:" + client[i];
    }

    /** Starts every node and waits until all machines are listed. */
    FleetCluster start() throws Exception {
        for (int i = 0; i < size; i++) {
            start(i);
        }
        awaitMachines(size, Duration.ofSeconds(90));
        return this;
    }

    void start(int i) throws IOException {
        List<String> initial = new ArrayList<>();
        for (int j = 0; j < size; j++) {
            initial.add(name(j) + "=http://127.0.0.1:" + peer[j]);
        }
        List<String> cmd = List.of(CliProcess.flotilla().toString(), "node", "--name", name(i),
                "--data-dir", dir.resolve(name(i)).toString(),
                "--listen-client-urls", clientUrl(i), "--advertise-client-urls", clientUrl(i),
                "--listen-peer-urls", "http://127.0.0.1:" + peer[i],
                "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer[i],
                "--initial-cluster", String.join(",", initial), "--metadata", metadata.get(i),
                "--stop-units-on-exit");
        File log = dir.resolve(name(i) + ".log").toFile();
        nodes[i] = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
    }

    /** kill -9 of the node's JVM (the launcher execs java, so this is the node itself). */
    void kill(int i) throws InterruptedException {
        nodes[i].destroyForcibly();
        nodes[i].waitFor();
        nodes[i] = null;
    }

    boolean alive(int i) {
        return nodes[i] != null && nodes[i].isAlive();
    }

    void awaitMachines(int n, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            CliProcess.Result r = flotilla("list-machines", "--no-legend");
            if (r.exit() == 0 && r.out().lines().count() == n) {
                return;
            }
            if (System.nanoTime() > end) {
                fail(n + " machines not listed within " + timeout.toSeconds() + " s: " + r.out() + r.err()
                        + "; logs in " + dir);
            }
            Thread.sleep(500);
        }
    }

    /** The machine ID node {@code i} keeps in its data directory. */
    String machineId(int i) throws IOException {
        return Files.readString(dir.resolve(name(i)).resolve("machine-id")).trim();
    }

    /** Node index of a machine ID. */
    int node(String machineId) throws IOException {
        for (int i = 0; i < size; i++) {
            if (machineId(i).equals(machineId)) {
                return i;
            }
        }
        throw new AssertionError("no node has machine ID " + machineId);
    }

    /** The CLI, a separate process, against every node's client URL. */
    CliProcess.Result flotilla(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CliProcess.flotilla().toString(), "--endpoint", endpoints));
        cmd.addAll(List.of(args));
        return CliProcess.run(cmd, null);
    }

    /** What {@code flotilla list-units --full} shows: unit → machine IDs on which it is active/running. */
    Map<String, List<String>> runningUnits() throws Exception {
        CliProcess.Result r = flotilla("list-units", "--no-legend", "--full", "--fields", "unit,machine,active,sub");
        if (r.exit() != 0) {
            throw new AssertionError("list-units failed: " + r.err());
        }
        Map<String, List<String>> out = new HashMap<>();
        for (String line : r.out().lines().toList()) {
            String[] f = line.split("\\s+");
            if (f.length == 4 && f[2].equals("active") && f[3].equals("running")) {
                out.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[1].replaceFirst("/.*", ""));
            }
        }
        return out;
    }

    /** GET on a live node's client URL, JSON body, or null when no node answered. */
    JsonNode get(String path) {
        for (int i = 0; i < size; i++) {
            if (!alive(i)) {
                continue;
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(clientUrl(i) + path))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return JSON.readTree(r.body());
                }
            } catch (IOException e) {
                // try the next node
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** {@code /fleet/v1/state}: unit → machine IDs reporting it active/running. Empty when no node answers. */
    Map<String, List<String>> runningStates() {
        Map<String, List<String>> out = new HashMap<>();
        JsonNode s = get("/fleet/v1/state");
        if (s == null) {
            return out;
        }
        for (JsonNode st : s.path("states")) {
            if ("active".equals(st.path("systemdActiveState").asText())
                    && "running".equals(st.path("systemdSubState").asText())) {
                out.computeIfAbsent(st.path("name").asText(), k -> new ArrayList<>())
                        .add(st.path("machineID").asText());
            }
        }
        return out;
    }

    /** The machine whose engine holds the lease. */
    String engineLeader() {
        JsonNode n = get("/v2/keys/_flotilla/engine/leader");
        return n == null ? null : n.path("node").path("value").asText(null);
    }

    /** A unit file line that records each start (its PID, one line per start) under {@link #pidDir}. */
    String sleeper() {
        return "ExecStart=/bin/sh -c 'echo $$$$ >> " + pidDir + "/%n; exec /bin/sleep 1000'\n";
    }

    /** How many times a {@link #sleeper()} unit was started (on any machine). */
    long starts(String unit) throws IOException {
        Path p = pidDir.resolve(unit);
        return Files.exists(p) ? Files.readAllLines(p).stream().filter(l -> !l.isBlank()).count() : 0;
    }

    /** PIDs a {@link #sleeper()} unit has had, in start order. */
    List<Long> pids(String unit) throws IOException {
        Path p = pidDir.resolve(unit);
        return Files.exists(p) ? Files.readAllLines(p).stream().filter(l -> !l.isBlank()).map(Long::parseLong)
                .toList() : List.of();
    }

    interface Probe<T> {
        T get() throws Exception;
    }

    /** Polls until the probe gives non-null; fails naming what was awaited. */
    static <T> T await(String what, Duration timeout, Duration every, Probe<T> probe) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (System.nanoTime() < end) {
            last = probe.get();
            if (last != null) {
                return last;
            }
            Thread.sleep(every.toMillis());
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
    }

    @Override
    public void close() throws Exception {
        for (Process p : nodes) {
            if (p != null) {
                p.destroy();
            }
        }
        for (int i = 0; i < size; i++) {
            Process p = nodes[i];
            if (p != null && !p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
        // units of a node killed with -9 outlive it by design (a restarted node re-adopts them): end them by PID
        try (var files = Files.list(pidDir)) {
            for (Path f : files.toList()) {
                for (String l : Files.readAllLines(f)) {
                    if (!l.isBlank()) {
                        ProcessHandle.of(Long.parseLong(l.trim())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            }
        }
    }
}
