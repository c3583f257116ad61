package dev.flotilla.testsupport;

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
import java.util.List;
import java.util.stream.Collectors;

/**
 * A running store for tests to talk to, started and stopped by the test.
 *
 * <p>Which store: the system property or environment variable {@code FLOTILLA_TEST_STORE} (property
 * {@code flotilla.test.store}) picks it. {@code etcd} (the default) starts Debian's real etcd 3.4 with the v2 API;
 * {@code external:http://host:port[,...]} uses a cluster someone else started (e.g. a Flotilla cluster), and
 * then {@link #close()} leaves it running. A missing etcd binary fails the test; it never skips.
 */
public final class TestStore implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final List<Member> members;
    private final boolean external;
    private final Path dir;

    /** One member: its URLs and, for a store this class started, its process. */
    public static final class Member {
        final String name;
        final URI clientUrl;
        final URI peerUrl;
        Process process;
        final List<String> command;
        final Path log;

        Member(String name, URI clientUrl, URI peerUrl, List<String> command, Path log) {
            this.name = name;
            this.clientUrl = clientUrl;
            this.peerUrl = peerUrl;
            this.command = command;
            this.log = log;
        }

        public String name() {
            return name;
        }

        public URI clientUrl() {
            return clientUrl;
        }

        public URI peerUrl() {
            return peerUrl;
        }
    }

    private TestStore(List<Member> members, boolean external, Path dir) {
        this.members = members;
        this.external = external;
        this.dir = dir;
    }

    /** The store the environment asks for, single member when this class starts it. */
    public static TestStore start(Path dir) throws IOException, InterruptedException {
        String choice = System.getProperty("flotilla.test.store", System.getenv("FLOTILLA_TEST_STORE"));
        if (choice != null && choice.startsWith("external:")) {
            List<Member> ms = new ArrayList<>();
            int i = 0;
            for (String u : choice.substring("external:".length()).split(",")) {
                ms.add(new Member("external" + i++, URI.create(u.trim()), null, List.of(), null));
            }
            return new TestStore(ms, true, dir);
        }
        if (choice != null && !choice.equals("etcd")) {
            throw new IllegalStateException("FLOTILLA_TEST_STORE=" + choice + ": expected etcd or external:URL[,URL]");
        }
        return etcd(dir).start();
    }

    public static EtcdBuilder etcd(Path dir) {
        return new EtcdBuilder(dir);
    }

    /** Starts real etcd processes: {@code members(n)} of them, optionally with TLS on the client URLs. */
    public static final class EtcdBuilder {
        private final Path dir;
        private int size = 1;
        private TestCerts tls;
        private boolean clientCertAuth;

        private EtcdBuilder(Path dir) {
            this.dir = dir;
        }

        public EtcdBuilder members(int n) {
            this.size = n;
            return this;
        }

        /** Serve https with the server certificate of {@code certs}; demand client certificates if asked. */
        public EtcdBuilder tls(TestCerts certs, boolean requireClientCert) {
            this.tls = certs;
            this.clientCertAuth = requireClientCert;
            return this;
        }

        public TestStore start() throws IOException, InterruptedException {
            Path etcd = Path.of(System.getenv().getOrDefault("FLOTILLA_TEST_ETCD", "/usr/bin/etcd"));
            if (!Files.isExecutable(etcd)) {
                throw new IllegalStateException("the tests need a real etcd at " + etcd
                        + " (Debian: apt-get install etcd-server) or FLOTILLA_TEST_ETCD pointing at one");
            }
            Files.createDirectories(dir);
            String scheme = tls == null ? "http" : "https";
            List<Member> ms = new ArrayList<>();
            List<String> cluster = new ArrayList<>();
            int[] ports = freePorts(2 * size);
            for (int i = 0; i < size; i++) {
                String name = "m" + (i + 1);
                URI client = URI.create(scheme + "://127.0.0.1:" + ports[2 * i]);
                URI peer = URI.create("http://127.0.0.1:" + ports[2 * i + 1]);
                cluster.add(name + "=" + peer);
                ms.add(new Member(name, client, peer, new ArrayList<>(), dir.resolve(name + ".log")));
            }
            String token = "flotilla-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
            for (Member m : ms) {
                List<String> c = m.command;
                c.addAll(List.of(etcd.toString(), "--enable-v2", "--name", m.name,
                        "--data-dir", dir.resolve(m.name + ".etcd").toString(),
                        "--listen-client-urls", m.clientUrl.toString(),
                        "--advertise-client-urls", m.clientUrl.toString(),
                        "--listen-peer-urls", m.peerUrl.toString(),
                        "--initial-advertise-peer-urls", m.peerUrl.toString(),
                        "--initial-cluster", String.join(",", cluster),
                        "--initial-cluster-token", token,
                        "--initial-cluster-state", "new",
                        // the tests share two cores with other builds; keep elections calm
                        "--heartbeat-interval", "100", "--election-timeout", "1000"));
                if (tls != null) {
                    c.addAll(List.of("--cert-file", tls.serverCert().toString(),
                            "--key-file", tls.serverKey().toString()));
                    if (clientCertAuth) {
                        c.addAll(List.of("--client-cert-auth", "--trusted-ca-file", tls.caCert().toString()));
                    }
                }
            }
            TestStore store = new TestStore(ms, false, dir);
            Runtime.getRuntime().addShutdownHook(new Thread(store::close));
            for (Member m : ms) {
                store.launch(m);
            }
            store.awaitHealthy(tls);
            return store;
        }
    }

    private void launch(Member m) throws IOException {
        m.process = new ProcessBuilder(m.command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(m.log.toFile()))
                .start();
    }

    private void awaitHealthy(TestCerts tls) throws IOException, InterruptedException {
        if (tls != null) {
            // a TLS cluster with client-cert auth cannot be probed without the client's key; wait for the log
            awaitLog("ready to serve client requests");
            return;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        for (Member m : members) {
            while (true) {
                if (m.process != null && !m.process.isAlive()) {
                    throw new IllegalStateException("etcd member " + m.name + " exited with "
                            + m.process.exitValue() + "; its log:\n" + tail(m.log));
                }
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(m.clientUrl.resolve("/health"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().contains("\"true\"")) {
                        break;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException("etcd member " + m.name + " not healthy after " + START_TIMEOUT
                            + "; its log:\n" + tail(m.log));
                }
                Thread.sleep(100);
            }
        }
    }

    private void awaitLog(String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        for (Member m : members) {
            while (!Files.exists(m.log) || !Files.readString(m.log).contains(text)) {
                if (!m.process.isAlive() || System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException("etcd member " + m.name + " did not start; its log:\n" + tail(m.log));
                }
                Thread.sleep(100);
            }
        }
    }

    public List<Member> members() {
        return List.copyOf(members);
    }

    public URI clientUrl() {
        return members.get(0).clientUrl;
    }

    /** All client URLs, comma-separated, as --endpoint takes them. */
    public String endpoints() {
        return members.stream().map(m -> m.clientUrl.toString()).collect(Collectors.joining(","));
    }

    public boolean external() {
        return external;
    }

    /** Kills one member (as a crash would) and waits until it is gone. */
    public void kill(int index) throws InterruptedException {
        Member m = members.get(index);
        if (m.process != null) {
            m.process.destroyForcibly();
            m.process.waitFor();
        }
    }

    /** Restarts a member killed with {@link #kill(int)} from its data directory. */
    public void restart(int index) throws IOException, InterruptedException {
        Member m = members.get(index);
        List<String> c = new ArrayList<>(m.command);
        int i = c.indexOf("--initial-cluster-state");
        c.set(i + 1, "existing");
        m.process = new ProcessBuilder(c).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(m.log.toFile())).start();
    }

    @Override
    public void close() {
        if (external) {
            return;
        }
        for (Member m : members) {
            Process p = m.process;
            if (p != null && p.isAlive()) {
                p.destroy();
            }
        }
        for (Member m : members) {
            Process p = m.process;
            if (p == null) {
                continue;
            }
            try {
                if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Ports free right now (the OS picks them; a tiny race with other programs is accepted). */
    public static int[] freePorts(int n) throws IOException {
        int[] out = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                held.add(s);
                out[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        return out;
    }
}
