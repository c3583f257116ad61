package dev.flotilla.node.agent.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.node.agent.ExecStep;
import dev.flotilla.node.agent.ServiceSpec;
import dev.flotilla.node.agent.UnitResult;
import dev.flotilla.node.agent.UnitStatus;
import dev.flotilla.node.agent.process.AgentHarness;
import dev.flotilla.node.journal.JournalHandler;
import dev.flotilla.node.journal.SseTestClient;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Container units on a real (private) Docker engine, followed through the HTTP journal. */
class ContainerUnitTest {

    static DockerEngineFixture docker;

    @TempDir
    Path tmp;
    AgentHarness h;
    Server server;
    String journalUrl;

    @BeforeAll
    static void engine() throws Exception {
        docker = DockerEngineFixture.start();
    }

    @AfterAll
    static void stopEngine() throws Exception {
        if (docker != null) {
            docker.close();
        }
    }

    @BeforeEach
    void open() throws Exception {
        h = new AgentHarness(tmp.resolve("data"), docker.connect());
        server = new Server();
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        server.addConnector(c);
        server.setHandler(new JournalHandler(h.journals));
        server.start();
        journalUrl = "http://127.0.0.1:" + c.getLocalPort() + JournalHandler.PREFIX;
    }

    @AfterEach
    void close() throws Exception {
        h.close();
        server.stop();
        docker.removeTestContainers();
    }

    @Test
    void machineReportsItsEngine() {
        DockerEngineInfo info = h.agent.dockerInfo().orElseThrow();
        assertEquals(docker.host(), info.host());
        assertFalse(info.serverVersion().isBlank());
        assertFalse(info.apiVersion().isBlank());
        assertTrue(info.images() >= 1, info.toString());
    }

    @Test
    void containerUnitRunsFollowsItsLogsAndStopRemovesIt() throws Exception {
        ContainerSpec spec = new ContainerSpec(DockerEngineFixture.IMAGE,
                List.of("sh", "-c", "i=0; while true; do i=$((i+1)); echo \"$GREETING $i\"; sleep 1; done"),
                Map.of("GREETING", "Hello, world"), List.of(), List.of(), null, null, Map.of("app", "echo-loop"));
        h.agent.load(ServiceSpec.builder("echo-loop.service").container(spec).build());
        h.agent.start("echo-loop.service");
        UnitStatus running = h.awaitState("echo-loop.service", "active running");
        assertNotNull(running.containerId());

        try (SseTestClient sse = new SseTestClient(HttpClient.newHttpClient(),
                journalUrl + "echo-loop.service?follow=true&lines=100", null)) {
            assertEquals("Hello, world 1", nextStdout(sse));
            assertEquals("Hello, world 2", nextStdout(sse)); // a second later, live
        }
        try (DockerEngine engine = docker.connect()) {
            Optional<ContainerState> c = engine.inspect("flotilla-echo-loop");
            assertTrue(c.isPresent() && c.get().running());
            assertEquals(running.containerId(), c.get().id());
        }
        h.agent.stop("echo-loop.service");
        UnitStatus s = h.awaitInactive("echo-loop.service");
        assertEquals("inactive dead", s.activeSub());
        try (DockerEngine engine = docker.connect()) {
            assertTrue(engine.inspect("flotilla-echo-loop").isEmpty(), "container still exists after stop");
        }
    }

    /** The next line the unit itself wrote (the agent's own lines interleave). */
    private static String nextStdout(SseTestClient sse) throws InterruptedException {
        while (true) {
            var e = sse.next();
            if (e.get("stream").asText().equals("stdout")) {
                return e.get("message").asText();
            }
        }
    }

    @Test
    void classicDockerRunUnitIsAProcessUnit() throws Exception {
        h.agent.load(ServiceSpec.builder("run.service")
                .environment("DOCKER_HOST", docker.host())
                .execStartPre(ExecStep.ignoringFailure("docker", "rm", "-f", "flotilla-test-run"))
                .execStart(ExecStep.of("docker", "run", "--rm", "--name", "flotilla-test-run", "busybox",
                        "sh", "-c", "while true; do echo pong; sleep 1; done"))
                .execStop(ExecStep.of("docker", "stop", "-t", "1", "flotilla-test-run"))
                .build());
        h.agent.start("run.service");
        h.awaitState("run.service", "active running");
        try (SseTestClient sse = new SseTestClient(HttpClient.newHttpClient(),
                journalUrl + "run.service?follow=true&lines=50", null)) {
            String m;
            do {
                m = sse.next().get("message").asText();
            } while (!m.equals("pong"));
        }
        h.agent.stop("run.service");
        h.awaitInactive("run.service");
        try (DockerEngine engine = docker.connect()) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (engine.inspect("flotilla-test-run").isPresent() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(engine.inspect("flotilla-test-run").isEmpty(), "docker run container left behind");
        }
    }

    @Test
    void badImageFailsTheUnitWithTheReason() throws Exception {
        h.agent.load(ServiceSpec.builder("bad.service")
                .container(ContainerSpec.of("flotilla-no-such-image:v9", "true")).build());
        h.agent.start("bad.service");
        UnitStatus s = h.awaitInactive("bad.service");
        assertEquals("failed failed", s.activeSub());
        assertEquals(UnitResult.EXIT_CODE, s.result());
        assertTrue(s.statusText().contains("flotilla-no-such-image:v9"), s.statusText());
        assertTrue(h.journal("bad.service").stream().anyMatch(l -> l.contains("cannot be pulled")),
                h.journal("bad.service").toString());
    }

    @Test
    void unreachableEngineFailsTheUnitNotTheAgent() throws Exception {
        h.agent.close();
        h.open(DockerEngine.connect("unix://" + tmp.resolve("nothing.sock")));
        h.agent.load(ServiceSpec.builder("far.service").container(ContainerSpec.of("busybox", "true")).build());
        h.agent.start("far.service");
        UnitStatus s = h.awaitInactive("far.service");
        assertEquals("failed failed", s.activeSub());
        assertTrue(s.statusText().contains("unreachable"), s.statusText());
        assertTrue(h.agent.dockerInfo().isEmpty());
    }
}
