package dev.flotilla.node.agent.container;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Docker engine for tests: the one named by {@code DOCKER_HOST} when set, otherwise a PRIVATE dockerd started
 * here with its own data root, exec root, pidfile and unix socket under a temporary directory (no iptables changes),
 * with a {@code busybox:latest} image imported from the machine's static busybox (there is no registry).
 * {@link #close()} removes what the tests created and stops a dockerd it started.
 *
 * <p>Tests that need it FAIL when dockerd is not installed (the test script installs {@code docker.io}).
 */
public final class DockerEngineFixture implements AutoCloseable {
    public static final String IMAGE = "busybox:latest";
    private final String host;
    private final Path dir;
    private final Process dockerd;

    private DockerEngineFixture(String host, Path dir, Process dockerd) {
        this.host = host;
        this.dir = dir;
        this.dockerd = dockerd;
    }

    /** The engine address for docker-java and for the docker CLI ({@code -H}). */
    public String host() {
        return host;
    }

    public DockerEngine connect() throws ContainerException {
        return DockerEngine.connect(host);
    }

    public static DockerEngineFixture start() throws Exception {
        String given = System.getenv("DOCKER_HOST");
        if (given != null && !given.isBlank()) {
            DockerEngineFixture f = new DockerEngineFixture(given, null, null);
            f.ensureBusybox();
            return f;
        }
        Path dockerdBin = List.of(Path.of("/usr/sbin/dockerd"), Path.of("/usr/bin/dockerd")).stream()
                .filter(Files::isExecutable).findFirst().orElse(null);
        if (dockerdBin == null) {
            fail("dockerd is not installed (apt-get install docker.io); container tests need a real engine");
        }
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "fdock"); // short: unix socket paths are limited
        String host = "unix://" + dir.resolve("docker.sock");
        Process p = new ProcessBuilder(dockerdBin.toString(),
                "--data-root", dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("docker.pid").toString(), "-H", host,
                "--storage-driver=overlay2", "--iptables=false", "--ip-masq=false",
                "--exec-opt", "native.cgroupdriver=cgroupfs")
                .redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        DockerEngineFixture f = new DockerEngineFixture(host, dir, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (DockerEngine engine = DockerEngine.connect(host)) {
            while (true) {
                try {
                    engine.info();
                    break;
                } catch (ContainerException e) {
                    if (!p.isAlive() || System.nanoTime() > deadline) {
                        String log = Files.readString(dir.resolve("dockerd.log"));
                        f.close();
                        fail("private dockerd did not come up: " + e.getMessage() + "\n" + log);
                    }
                    Thread.sleep(100);
                }
            }
        }
        f.ensureBusybox();
        return f;
    }

    /** Imports busybox:latest from the machine's static busybox unless the engine has it. */
    private void ensureBusybox() throws Exception {
        if (run(List.of("docker", "-H", host, "image", "inspect", IMAGE)) == 0) {
            return;
        }
        Path busybox = List.of(Path.of("/bin/busybox"), Path.of("/usr/bin/busybox")).stream()
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("busybox-static is not installed"));
        Path rootfs = Files.createTempDirectory("busybox-rootfs");
        try {
            Path bin = Files.createDirectories(rootfs.resolve("bin"));
            Files.copy(busybox, bin.resolve("busybox"));
            Process list = new ProcessBuilder(busybox.toString(), "--list").start();
            for (String name : new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!name.isBlank() && !name.equals("busybox")) {
                    Files.createSymbolicLink(bin.resolve(name.trim()), Path.of("busybox"));
                }
            }
            Path etc = Files.createDirectories(rootfs.resolve("etc"));
            Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534::/:/bin/false\n");
            Files.writeString(etc.resolve("group"), "root:x:0:\nnogroup:x:65534:\n");
            Files.createDirectories(rootfs.resolve("tmp"));
            Files.createDirectories(rootfs.resolve("root"));
            int rc = run(List.of("sh", "-c", "tar -C '" + rootfs + "' -c . | docker -H '" + host
                    + "' import -c 'ENV PATH=/bin' -c 'CMD [\"/bin/sh\"]' - " + IMAGE));
            if (rc != 0) {
                fail("cannot import " + IMAGE + " into the test engine (exit " + rc + ")");
            }
        } finally {
            run(List.of("rm", "-rf", rootfs.toString()));
        }
    }

    private static int run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** Removes the containers tests created (they carry the agent's unit label or a flotilla- name). */
    public void removeTestContainers() throws IOException, InterruptedException {
        run(List.of("sh", "-c", "docker -H '" + host + "' ps -aq --filter label=" + DockerEngine.UNIT_LABEL
                + " | xargs -r docker -H '" + host + "' rm -f; docker -H '" + host
                + "' ps -aq --filter name=flotilla-test | xargs -r docker -H '" + host + "' rm -f"));
    }

    @Override
    public void close() throws Exception {
        if (dockerd == null) {
            removeTestContainers();
            return;
        }
        if (dockerd.isAlive()) {
            run(List.of("sh", "-c", "docker -H '" + host + "' ps -aq | xargs -r docker -H '" + host + "' rm -f"));
            dockerd.destroy();
            if (!dockerd.waitFor(20, TimeUnit.SECONDS)) {
                dockerd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        List<String> rm = new ArrayList<>(List.of("rm", "-rf", dir.toString()));
        run(rm);
    }
}
