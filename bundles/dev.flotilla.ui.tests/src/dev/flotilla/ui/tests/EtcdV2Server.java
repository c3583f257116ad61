package dev.flotilla.ui.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real etcd v2 server on loopback for the UI tests: Debian's {@code etcd} binary (package etcd-server)
 * with {@code --enable-v2}, on free ports with a fresh data directory, killed and deleted by
 * {@link #close()}. The one place to change when the tests move to a Flotilla node.
 */
public final class EtcdV2Server implements AutoCloseable {

    /** System property naming another etcd binary. */
    public static final String BINARY_PROPERTY = "flotilla.test.etcd";
    /** Environment variable naming another etcd binary (reaches the forked test runtime from the shell). */
    public static final String BINARY_VARIABLE = "FLOTILLA_TEST_ETCD";

    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final Process process;
    private final Path dataDir;
    private final Path log;
    private final String clientUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private EtcdV2Server(Process process, Path dataDir, Path log, String clientUrl) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.clientUrl = clientUrl;
    }

    /**
     * Starts etcd and waits until its v2 keys API answers.
     *
     * @param workDir where the data directory and {@code etcd.log} go
     */
    public static EtcdV2Server start(Path workDir) throws IOException, InterruptedException {
        Path binary = findBinary();
        Files.createDirectories(workDir);
        Path dataDir = Files.createTempDirectory(workDir, "etcd-data-");
        Path log = workDir.resolve("etcd.log");
        int clientPort = freePort();
        int peerPort = freePort();
        String clientUrl = "http://127.0.0.1:" + clientPort;
        String peerUrl = "http://127.0.0.1:" + peerPort;
        ProcessBuilder builder = new ProcessBuilder(List.of(binary.toString(),
                "--name", "flotilla-ui-test",
                "--data-dir", dataDir.toString(),
                "--enable-v2=true",
                "--listen-client-urls", clientUrl,
                "--advertise-client-urls", clientUrl,
                "--listen-peer-urls", peerUrl,
                "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", "flotilla-ui-test=" + peerUrl,
                "--initial-cluster-state", "new"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        EtcdV2Server server = new EtcdV2Server(builder.start(), dataDir, log, clientUrl);
        try {
            server.awaitReady();
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static Path findBinary() {
        String property = System.getProperty(BINARY_PROPERTY);
        String variable = System.getenv(BINARY_VARIABLE);
        String configured = property != null && !property.isBlank() ? property : variable;
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                fail((configured.equals(property) ? "-D" + BINARY_PROPERTY : BINARY_VARIABLE) + "=" + configured
                        + " is not an executable file; the workbench UI tests need a real etcd v2 server "
                        + "(Debian: apt-get install etcd-server)");
            }
            return path;
        }
        Path debian = Path.of("/usr/bin/etcd");
        if (Files.isExecutable(debian)) {
            return debian;
        }
        String pathVariable = System.getenv("PATH");
        if (pathVariable != null) {
            for (String dir : pathVariable.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, "etcd");
                if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return fail("The workbench UI tests need a real etcd v2 server, but no etcd binary was found "
                + "(looked at -D" + BINARY_PROPERTY + ", $" + BINARY_VARIABLE + ", /usr/bin/etcd and $PATH). "
                + "Install Debian's etcd-server package: apt-get install etcd-server");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("etcd exited with code " + process.exitValue() + " before answering; its log:\n" + logTail());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(clientUrl + "/v2/keys/"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        fail("etcd did not answer GET " + clientUrl + "/v2/keys/ within " + STARTUP.toSeconds() + " s; its log:\n"
                + logTail());
    }

    /** The client URL, e.g. {@code http://127.0.0.1:41234}. */
    public String clientUrl() {
        return clientUrl;
    }

    /** {@code PUT /v2/keys/<key>} with {@code value=...}; fails the test unless etcd accepts it. */
    public void put(String key, String value) throws IOException, InterruptedException {
        write(key, "value=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    /** Like {@link #put(String, String)} with a TTL in seconds. */
    public void put(String key, String value, long ttlSeconds) throws IOException, InterruptedException {
        write(key, "value=" + URLEncoder.encode(value, StandardCharsets.UTF_8) + "&ttl=" + ttlSeconds);
    }

    private void write(String key, String form) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(clientUrl + "/v2/keys" + key))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            fail("PUT " + key + " answered HTTP " + response.statusCode() + ": " + response.body());
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Kills etcd and deletes its data. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp dir under target/ is harmless
        }
    }
}
