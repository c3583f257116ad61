package dev.flotilla.node.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Runs the built {@code flotilla} and the real {@code etcdctl} as separate processes, as a user would. */
public final class CliProcess {
    private CliProcess() {
    }

    /** What a finished command printed and returned. */
    public record Result(String out, String err, int exit) {
        /** stdout and exit status: what a script sees, and what must match etcdctl. */
        public String seen() {
            return out + "[exit " + exit + "]";
        }
    }

    public static Path flotilla() {
        Path dist = Path.of(System.getProperty("flotilla.dist", "target/flotilla"));
        Path bin = dist.resolve("bin/flotilla");
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException(bin + " is missing: the integration tests run after 'package'");
        }
        return bin;
    }

    public static Path etcdctl() {
        Path p = Path.of(System.getenv().getOrDefault("FLOTILLA_TEST_ETCDCTL", "/usr/bin/etcdctl"));
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException("the parity tests need the real etcdctl at " + p
                    + " (Debian: apt-get install etcd-client)");
        }
        return p;
    }

    public static Result run(List<String> command, String stdin) throws IOException, InterruptedException {
        return run(command, stdin, java.util.Map.of());
    }

    /** Runs with the endpoint variables cleared, then {@code env} set (e.g. FLEETCTL_ENDPOINT). */
    public static Result run(List<String> command, String stdin, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("ETCDCTL_API", "2");
        for (String v : List.of("FLOTILLA_ENDPOINT", "FLEETCTL_ENDPOINT", "ETCDCTL_ENDPOINTS", "ETCDCTL_ENDPOINT")) {
            pb.environment().remove(v);
        }
        pb.environment().putAll(env);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        // read both pipes concurrently so a chatty process cannot block on a full pipe
        var errText = new java.util.concurrent.CompletableFuture<String>();
        Thread t = new Thread(() -> {
            try {
                errText.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                errText.complete("(stderr unreadable: " + e + ")");
            }
        });
        t.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not finish within 60 s");
        }
        t.join();
        return new Result(out, errText.join(), p.exitValue());
    }

    /** A long-running command (watch) whose stdout lines are collected as they come. */
    public static final class Background implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        public Background(List<String> command) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("ETCDCTL_API", "2");
            process = pb.start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        /** The next {@code n} lines, failing if they do not come within {@code timeout}. */
        public List<String> lines(int n, Duration timeout) throws InterruptedException {
            List<String> out = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < n) {
                String l = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (l == null) {
                    throw new AssertionError("only " + out.size() + " of " + n + " lines within " + timeout + ": " + out);
                }
                out.add(l);
            }
            return out;
        }

        public int waitFor(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("process still running after " + timeout);
            }
            return process.exitValue();
        }

        @Override
        public void close() throws InterruptedException {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
