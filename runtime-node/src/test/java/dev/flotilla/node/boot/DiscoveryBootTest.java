package dev.flotilla.node.boot;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's walkthrough with separate processes: a discovery service, three nodes booting from three cloud-configs
 * with its token form one cluster, run the units their cloud-configs list and show their metadata; a fourth node is
 * refused ("cluster is full"); a bad cloud-config refuses to boot and creates nothing.
 */
class DiscoveryBootTest {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    @TempDir Path dir;
    final List<Process> processes = new ArrayList<>();
    String marker;

    @AfterEach
    void stop() throws Exception {
        for (Process p : processes) p.destroy();
        for (Process p : processes) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
        }
        if (marker != null) new ProcessBuilder("pkill", "-f", marker).start().waitFor();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    Process flotilla(String log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx160m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dev.flotilla.node.cli.FlotillaCommand"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(log).toFile())).start();
        processes.add(p);
        return p;
    }

    static String get(String url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static <T> T await(String what, Duration timeout, Supplier<T> probe) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            T v = probe.get();
            if (v != null) return v;
            Thread.sleep(250);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
    }

    String log(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Test
    void threeNodesFormAClusterThroughDiscoveryAndRunTheirBootUnits() throws Exception {
        marker = "boot-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        int discClient = freePort(), discPeer = freePort();
        flotilla("discovery.log", "discovery", "--listen", "http://127.0.0.1:" + discClient,
                "--listen-peer-url", "http://127.0.0.1:" + discPeer, "--data-dir", dir.resolve("disc").toString());
        String token = await("a discovery token", Duration.ofSeconds(60),
                () -> get("http://127.0.0.1:" + discClient + "/new?size=3")).trim();
        assertTrue(token.startsWith("http://127.0.0.1:" + discClient + "/"), token);

        String template;
        try (InputStream in = getClass().getResourceAsStream("discovery-node.yaml")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int[] client = new int[4];
        for (int i = 0; i < 4; i++) {
            client[i] = freePort();
            String name = "n" + (i + 1);
            String yaml = template.replace("NAME", name).replace("TOKEN", token).replace("MARKER", marker)
                    .replace("CLIENT", Integer.toString(client[i])).replace("PEER", Integer.toString(freePort()));
            Files.writeString(dir.resolve(name + ".yaml"), yaml);
        }
        for (int i = 0; i < 3; i++) {
            String name = "n" + (i + 1);
            flotilla(name + ".log", "node", "--cloud-config", dir.resolve(name + ".yaml").toString(),
                    "--data-dir", dir.resolve(name).toString(), "--stop-units-on-exit");
        }
        String base = "http://127.0.0.1:" + client[0];
        String members = await("three named members", Duration.ofSeconds(120), () -> {
            String m = get(base + "/v2/members");
            return m != null && m.contains("\"name\":\"n1\"") && m.contains("\"name\":\"n2\"")
                    && m.contains("\"name\":\"n3\"") ? m : null;
        });
        assertEquals(4, members.split("\"id\"").length, "exactly three members: " + members);
        for (int i = 1; i < 3; i++) {
            String other = get("http://127.0.0.1:" + client[i] + "/v2/members");
            assertNotNull(other, "n" + (i + 1) + " serves the same cluster:\n" + log("n" + (i + 1) + ".log"));
        }

        String machines = await("three machines with their metadata", Duration.ofSeconds(60), () -> {
            String m = get(base + "/fleet/v1/machines");
            return m != null && m.contains("\"node\":\"n1\"") && m.contains("\"node\":\"n2\"")
                    && m.contains("\"node\":\"n3\"") ? m : null;
        });
        assertTrue(machines.contains("\"role\":\"worker\""), machines);

        String states = await("each node's boot unit running", Duration.ofSeconds(90), () -> {
            String s = get(base + "/fleet/v1/state");
            if (s == null) return null;
            for (String n : List.of("n1", "n2", "n3")) {
                if (!s.contains("greeter-" + n + ".service")) return null;
            }
            return s.split("\"systemdSubState\":\"running\"").length == 4 ? s : null;
        });
        assertFalse(states.isEmpty());

        // a fourth node with the same token is refused
        Process late = flotilla("n4.log", "node", "--cloud-config", dir.resolve("n4.yaml").toString(),
                "--data-dir", dir.resolve("n4").toString());
        assertTrue(late.waitFor(90, TimeUnit.SECONDS), "the fourth node gives up");
        assertNotEquals(0, late.exitValue());
        assertTrue(log("n4.log").contains("cluster is full"), log("n4.log"));
    }

    @Test
    void aBadCloudConfigRefusesToBootAndChangesNothing() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "#cloud-config\ncoreos:\n  etcd2:\n    initial-cluster-state: bogus\n");
        Process p = flotilla("bad.log", "node", "--cloud-config", bad.toString(), "--data-dir",
                dir.resolve("bad-data").toString());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertNotEquals(0, p.exitValue());
        String out = log("bad.log");
        assertTrue(out.contains("bad.yaml:4:28: error: coreos.etcd2.initial-cluster-state"), out);
        assertFalse(Files.exists(dir.resolve("bad-data")), "a refused boot creates no data directory");
    }
}
