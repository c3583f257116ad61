package dev.flotilla.node.bench;

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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PUT (256-byte values over 10,000 keys), GET and quorum GET at several connection counts against a
 * Flotilla cluster and an etcd 3.4 cluster (--enable-v2) of the same size, both on loopback, one after the
 * other. Prints req/s, p50/p99 latency, the Flotilla/etcd ratio and each member's RSS (VmRSS).
 *
 * <p>Usage: {@code ./flotilla bench store [--members 1,3] [--conns 1,16,64] [--seconds 10] [--warmup 60]
 * [--etcd /usr/bin/etcd] [--node-opts "..."] [--ops PUT,GET,QGET] [--only flotilla|etcd]}
 */
public final class StoreBenchmark {
    private static final int KEYS = 10_000;
    private static final String VALUE = "v".repeat(256);

    private StoreBenchmark() {
    }

    record Point(String op, int conns, double rps, double p50ms, double p99ms, long errors) {
    }

    /** A cluster under test: its processes and client URLs. */
    static final class Cluster implements AutoCloseable {
        final String kind;
        final List<Process> processes = new ArrayList<>();
        final List<String> clients = new ArrayList<>();

        Cluster(String kind) {
            this.kind = kind;
        }

        @Override
        public void close() throws InterruptedException {
            // SIGTERM first: lets a node flush what it records (e.g. a JFR profile) before it goes
            for (Process p : processes) {
                p.destroy();
            }
            for (Process p : processes) {
                if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor();
                }
            }
        }

        String rss() {
            List<String> out = new ArrayList<>();
            for (Process p : processes) {
                out.add(rssMb(p.pid()) + " MB");
            }
            return String.join(", ", out);
        }
    }

    public static void main(String[] args) throws Exception {
        List<Integer> memberCounts = List.of(1, 3);
        List<Integer> conns = List.of(1, 16, 64);
        int seconds = 10;
        int warmup = 60;
        String etcd = "/usr/bin/etcd";
        String nodeOpts = System.getenv().getOrDefault("FLOTILLA_NODE_JAVA_OPTS", NODE_OPTS);
        List<String> ops = List.of("PUT", "GET", "QGET");
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--members" -> memberCounts = ints(args[++i]);
                case "--conns" -> conns = ints(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--etcd" -> etcd = args[++i];
                case "--node-opts" -> nodeOpts = args[++i];
                case "--ops" -> ops = List.of(args[++i].toUpperCase(Locale.ROOT).split(","));
                case "--only" -> only = args[++i];
                default -> {
                    System.err.println("bench store: unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (!new File(etcd).canExecute()) {
            System.err.println("bench store: " + etcd + " not found (Debian package etcd-server)");
            System.exit(2);
        }
        Path work = Files.createTempDirectory("flotilla-bench");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        for (int members : memberCounts) {
            List<Point> flotilla;
            List<Point> reference;
            String flotillaRss;
            String etcdRss;
            flotilla = List.of();
            reference = List.of();
            flotillaRss = "-";
            etcdRss = "-";
            if (!"etcd".equals(only)) {
                try (Cluster c = startFlotilla(work.resolve("flotilla-" + members), members, nodeOpts)) {
                    awaitReady(http, c);
                    flotilla = runAll(http, c, ops, conns, seconds, warmup);
                    flotillaRss = c.rss();
                }
            }
            if (!"flotilla".equals(only)) {
                try (Cluster c = startEtcd(work.resolve("etcd-" + members), members, etcd)) {
                    awaitReady(http, c);
                    reference = runAll(http, c, ops, conns, seconds, warmup);
                    etcdRss = c.rss();
                }
            }
            System.out.printf(Locale.ROOT, "%n== %d member(s), %d keys, 256-byte values, %d s per point ==%n",
                    members, KEYS, seconds);
            System.out.printf(Locale.ROOT, "%-11s %5s | %21s | %21s | %6s%n", "op", "conns",
                    "flotilla req/s p50/p99", "etcd req/s p50/p99", "ratio");
            Point none = new Point("-", 0, 0, 0, 0, 0);
            for (int i = 0; i < Math.max(flotilla.size(), reference.size()); i++) {
                Point f = i < flotilla.size() ? flotilla.get(i) : none;
                Point e = i < reference.size() ? reference.get(i) : none;
                if (f == none) {
                    f = new Point(e.op(), e.conns(), 0, 0, 0, 0);
                }
                System.out.printf(Locale.ROOT, "%-11s %5d | %7.0f %5.1f/%6.1fms | %7.0f %5.1f/%6.1fms | %5.2fx%s%n",
                        f.op(), f.conns(), f.rps(), f.p50ms(), f.p99ms(), e.rps(), e.p50ms(), e.p99ms(),
                        e.rps() == 0 ? 0 : f.rps() / e.rps(),
                        f.errors() + e.errors() > 0 ? "  (errors: flotilla " + f.errors() + ", etcd " + e.errors() + ")" : "");
            }
            System.out.println("RSS flotilla: " + flotillaRss);
            System.out.println("RSS etcd:     " + etcdRss);
        }
    }

    static final String NODE_OPTS = "-Xms64m -Xmx160m -XX:+UseSerialGC -XX:MaxDirectMemorySize=64m "
            + "-XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=96m -Xss512k "
            + "-Dorg.apache.ratis.thirdparty.io.netty.allocator.numDirectArenas=2 "
            + "-Dorg.apache.ratis.thirdparty.io.netty.allocator.numHeapArenas=2";

    private static List<Integer> ints(String s) {
        List<Integer> out = new ArrayList<>();
        for (String p : s.split(",")) {
            out.add(Integer.parseInt(p.trim()));
        }
        return out;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Cluster startFlotilla(Path dir, int n, String opts) throws IOException {
        Files.createDirectories(dir);
        Cluster c = new Cluster("flotilla");
        int[] client = new int[n];
        int[] peer = new int[n];
        List<String> initial = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            client[i] = freePort();
            peer[i] = freePort();
            initial.add("m" + i + "=http://127.0.0.1:" + peer[i]);
        }
        for (int i = 0; i < n; i++) {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(Arrays.asList(opts.trim().split("\\s+")));
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.flotilla.node.cli.FlotillaCommand",
                    "node", "--name", "m" + i, "--data-dir", dir.resolve("m" + i).toString(),
                    "--listen-client-urls", "http://127.0.0.1:" + client[i],
                    "--advertise-client-urls", "http://127.0.0.1:" + client[i],
                    "--listen-peer-urls", "http://127.0.0.1:" + peer[i],
                    "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer[i],
                    "--initial-cluster", String.join(",", initial)));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("m" + i + ".log").toFile());
            pb.environment().putIfAbsent("MALLOC_ARENA_MAX", "2"); // as bin/flotilla starts a node
            c.processes.add(pb.start());
            c.clients.add("http://127.0.0.1:" + client[i]);
        }
        return c;
    }

    static Cluster startEtcd(Path dir, int n, String etcd) throws IOException {
        Files.createDirectories(dir);
        Cluster c = new Cluster("etcd");
        int[] client = new int[n];
        int[] peer = new int[n];
        List<String> initial = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            client[i] = freePort();
            peer[i] = freePort();
            initial.add("e" + i + "=http://127.0.0.1:" + peer[i]);
        }
        for (int i = 0; i < n; i++) {
            List<String> cmd = List.of(etcd, "--enable-v2", "--name", "e" + i, "--data-dir",
                    dir.resolve("e" + i).toString(),
                    "--listen-client-urls", "http://127.0.0.1:" + client[i],
                    "--advertise-client-urls", "http://127.0.0.1:" + client[i],
                    "--listen-peer-urls", "http://127.0.0.1:" + peer[i],
                    "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer[i],
                    "--initial-cluster", String.join(",", initial), "--initial-cluster-state", "new");
            c.processes.add(new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("e" + i + ".log").toFile()).start());
            c.clients.add("http://127.0.0.1:" + client[i]);
        }
        return c;
    }

    static void awaitReady(HttpClient http, Cluster c) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        for (String url : c.clients) {
            while (true) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/v2/keys/ready"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .PUT(HttpRequest.BodyPublishers.ofString("value=1")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() / 100 == 2) {
                        break;
                    }
                } catch (IOException e) {
                    // not up yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(c.kind + " did not become ready at " + url);
                }
                Thread.sleep(250);
            }
        }
    }

    static List<Point> runAll(HttpClient http, Cluster c, List<String> ops, List<Integer> conns, int seconds,
                              int warmup)
            throws Exception {
        // load every key once, then warm up (JIT) with writes at the highest concurrency
        run(http, c, "PUT", 64, 0, true);
        run(http, c, "PUT", conns.get(conns.size() - 1), warmup, false);
        List<Point> points = new ArrayList<>();
        for (String op : ops) {
            for (int n : conns) {
                points.add(run(http, c, op, n, seconds, false));
            }
        }
        return points;
    }

    /** Runs {@code conns} closed-loop clients for {@code seconds} (or once over all keys when preloading). */
    static Point run(HttpClient http, Cluster c, String op, int conns, int seconds, boolean preload)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong errors = new AtomicLong();
        AtomicLong nextKey = new AtomicLong();
        long[][] samples = new long[conns][];
        int[] counts = new int[conns];
        CountDownLatch done = new CountDownLatch(conns);
        long start = System.nanoTime();
        for (int i = 0; i < conns; i++) {
            int id = i;
            String base = c.clients.get(i % c.clients.size());
            Thread t = new Thread(() -> {
                long[] lat = new long[1 << 16];
                int count = 0;
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                try {
                    while (!stop.get()) {
                        int key;
                        if (preload) {
                            key = (int) nextKey.getAndIncrement();
                            if (key >= KEYS) {
                                break;
                            }
                        } else {
                            key = rnd.nextInt(KEYS);
                        }
                        HttpRequest.Builder b = HttpRequest.newBuilder(
                                URI.create(base + "/v2/keys/bench/k" + key + ("QGET".equals(op) ? "?quorum=true" : "")))
                                .timeout(Duration.ofSeconds(30));
                        if ("PUT".equals(op)) {
                            b.header("Content-Type", "application/x-www-form-urlencoded")
                                    .PUT(HttpRequest.BodyPublishers.ofString("value=" + VALUE));
                        }
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() / 100 != 2) {
                                if (errors.incrementAndGet() == 1) {
                                    System.err.println("bench store: first error (" + c.kind + " " + op + " c" + conns
                                            + "): " + r.statusCode() + " " + r.body().trim());
                                }
                            }
                        } catch (IOException e) {
                            if (errors.incrementAndGet() == 1) {
                                System.err.println("bench store: first error (" + c.kind + " " + op + " c" + conns
                                        + "): " + e);
                            }
                        }
                        if (count == lat.length) {
                            lat = Arrays.copyOf(lat, lat.length * 2);
                        }
                        lat[count++] = System.nanoTime() - t0;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    samples[id] = lat;
                    counts[id] = count;
                    done.countDown();
                }
            }, "load-" + i);
            t.setDaemon(true);
            t.start();
        }
        if (!preload) {
            Thread.sleep(seconds * 1000L);
            stop.set(true);
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        int total = 0;
        for (int n : counts) {
            total += n;
        }
        long[] all = new long[total];
        int k = 0;
        for (int i = 0; i < conns; i++) {
            System.arraycopy(samples[i], 0, all, k, counts[i]);
            k += counts[i];
        }
        Arrays.sort(all);
        double p50 = total == 0 ? 0 : all[total / 2] / 1e6;
        double p99 = total == 0 ? 0 : all[Math.min(total - 1, (int) (total * 0.99))] / 1e6;
        return new Point(op, conns, total / elapsed, p50, p99, errors.get());
    }

    static long rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
