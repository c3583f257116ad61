package dev.flotilla.node.cli.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.core.client.ClientConfig;
import dev.flotilla.core.client.DeleteOptions;
import dev.flotilla.core.client.EtcdException;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.node.cli.FlotillaCommand;
import dev.flotilla.node.cluster.Keyspace;
import dev.flotilla.node.cluster.Records;
import dev.flotilla.node.engine.EngineService;
import dev.flotilla.node.engine.ModelRulesResolver;
import dev.flotilla.node.fleet.FleetApiHandler;
import dev.flotilla.node.fleet.FlotillaApiHandler;
import dev.flotilla.node.server.FlotillaNode;
import dev.flotilla.node.server.NodeConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleetctl verbs in-process against a real single-member node with the APIs and the engine (no agents: states
 * are written as an agent writes them), compared with fleetctl's formats byte for byte.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetVerbsTest {
    @TempDir
    static Path dir;
    FlotillaNode node;
    KeysClient keys;
    EngineService engine;
    String url;

    record Run(int exit, String out, String err) {}

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--endpoint", url));
        all.addAll(List.of(args));
        int code = FlotillaCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @BeforeAll
    void start() throws Exception {
        NodeConfig c = new NodeConfig();
        c.name = "n1";
        c.dataDir = dir.resolve("n1").toFile();
        URI client = URI.create("http://127.0.0.1:" + freePort());
        URI peer = URI.create("http://127.0.0.1:" + freePort());
        c.listenClientUrls = List.of(client);
        c.advertiseClientUrls = List.of(client);
        c.listenPeerUrls = List.of(peer);
        c.initialAdvertisePeerUrls = List.of(peer);
        c.validate();
        node = new FlotillaNode(c);
        node.start();
        url = client.toString();
        keys = KeysClient.create(ClientConfig.builder().endpoint(client).requestTimeout(Duration.ofSeconds(5)).build());
        node.http().mount(FleetApiHandler.PREFIX + "/", new FleetApiHandler(keys));
        node.http().mount(FlotillaApiHandler.PREFIX + "/", new FlotillaApiHandler(keys, new ModelRulesResolver()));
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                keys.set("/_probe", "1");
                break;
            } catch (Exception e) {
                if (System.nanoTime() > end) throw e;
                Thread.sleep(100);
            }
        }
    }

    @AfterAll
    void stop() {
        if (engine != null) engine.close();
        node.close();
    }

    @BeforeEach
    void clean() throws Exception {
        if (engine != null) engine.close();
        try {
            keys.delete(Keyspace.ROOT, new DeleteOptions(null, 0, true, true));
        } catch (EtcdException e) {
            // empty
        }
        machine("113f16a7bf2d4c0f9a3e6d5c4b3a2910", "172.17.8.103", Map.of("az", "us-west-1b"));
        machine("85c0c595aa0b4f7c8d6e5f4a3b2c1d0e", "172.17.8.102", Map.of("az", "us-west-1b"));
        machine("e793afb9c1d24e3f5a6b7c8d9e0f1a2b", "172.17.8.101", Map.of("az", "us-west-1a"));
        engine = new EngineService(keys, "113f16a7bf2d4c0f9a3e6d5c4b3a2910", new ModelRulesResolver(),
                Duration.ofSeconds(5));
        engine.start();
    }

    void machine(String id, String ip, Map<String, String> md) throws Exception {
        keys.set(Keyspace.machine(id), Records.write(new Records.Machine(id, ip, "core-" + ip.substring(ip.length()
                - 1), md, null, null, null, null, null)));
    }

    @Test
    void tabWriterLaysOutColumnsAsGosTabwriterWithTabPadding() {
        GoTabWriter w = new GoTabWriter();
        w.row(List.of("MACHINE", "IP", "METADATA"));
        w.row(List.of("113f16a7...", "172.17.8.103", "az=us-west-1b"));
        assertEquals("MACHINE\t\tIP\t\tMETADATA\n113f16a7...\t172.17.8.103\taz=us-west-1b\n", w.render());
    }

    @Test
    void listMachinesMatchesFleetctl() {
        Run r = run("list-machines");
        assertEquals(0, r.exit(), r.err());
        assertEquals("MACHINE\t\tIP\t\tMETADATA\n"
                + "113f16a7...\t172.17.8.103\taz=us-west-1b\n"
                + "85c0c595...\t172.17.8.102\taz=us-west-1b\n"
                + "e793afb9...\t172.17.8.101\taz=us-west-1a\n", r.out());
        Run full = run("list-machines", "--no-legend", "-l", "--fields", "machine,ip");
        assertEquals("113f16a7bf2d4c0f9a3e6d5c4b3a2910\t172.17.8.103\n"
                + "85c0c595aa0b4f7c8d6e5f4a3b2c1d0e\t172.17.8.102\n"
                + "e793afb9c1d24e3f5a6b7c8d9e0f1a2b\t172.17.8.101\n", full.out());
        Run bad = run("list-machines", "--fields", "machine,bogus");
        assertEquals(1, bad.exit());
        assertTrue(bad.err().startsWith("Invalid key in output format: \"bogus\""), bad.err());
        assertTrue(run("-o", "json", "list-machines").out().startsWith("[{\"id\":\"113f16a7bf2d4c0f9a3e6d5c4b3a2910\""));
    }

    @Test
    void submitCatAndListUnitFiles() throws Exception {
        Path f = dir.resolve("hello.service");
        Files.writeString(f, "[Unit]\nDescription=Hello World\n\n# a comment\n[Service]\n"
                + "ExecStart=/bin/bash -c \"while true; do echo \\\"Hello, world\\\"; sleep 1; done\"\n");
        Run s = run("submit", f.toString());
        assertEquals(0, s.exit(), s.err());
        assertEquals("Unit hello.service inactive\n", s.out());
        Run cat = run("cat", "hello");
        assertEquals("[Unit]\nDescription=Hello World\n\n[Service]\n"
                + "ExecStart=/bin/bash -c \"while true; do echo \\\"Hello, world\\\"; sleep 1; done\"\n", cat.out());
        Run files = run("list-unit-files");
        // fleet's hash of this very unit, as fleet's "Using the Client" page shows it: e55c0ae
        assertEquals("UNIT\t\tHASH\tDSTATE\t\tSTATE\t\tTARGET\nhello.service\te55c0ae\tinactive\tinactive\t-\n",
                files.out());
        Run again = run("submit", f.toString());
        assertEquals("", again.out(), "idempotent: an identical unit is not resubmitted");
        Files.writeString(f, "[Service]\nExecStart=/bin/true\n");
        Run differs = run("submit", f.toString());
        assertTrue(differs.err().contains("WARNING: Unit hello.service in registry differs from local unit file "
                + f + ". Add --replace to override."), differs.err());
        assertEquals(0, run("submit", "--replace", f.toString()).exit());
        assertEquals("[Service]\nExecStart=/bin/true\n", run("cat", "hello.service").out());
    }

    @Test
    void aBadLocalFileIsRefusedWithFileLineColumnAndNothingIsSent() throws Exception {
        Path good = dir.resolve("good.service");
        Files.writeString(good, "[Service]\nExecStart=/bin/true\n");
        Path bad = dir.resolve("bad.service");
        Files.writeString(bad, "[Service]\nExecStart=/bin/true\n[X-Fleet]\nMachineID=abc\nGlobal=true\n");
        Run r = run("start", good.toString(), bad.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains(bad + ":"), r.err());
        assertTrue(r.err().matches("(?s).*" + java.util.regex.Pattern.quote(bad.toString()) + ":[45]:\\d+: error: .*"),
                r.err());
        assertTrue(r.err().contains("Error creating units: 1 invalid unit file; nothing was submitted"), r.err());
        assertThrows(EtcdException.class, () -> keys.get(Keyspace.UNITS), "not even the good unit was submitted");
    }

    @Test
    void startWaitsForTheAgentAndListUnitsShowsWhereUnitsRun() throws Exception {
        Path t = dir.resolve("nginx@.service");
        Files.writeString(t, "[Service]\nExecStart=/bin/sleep 1000\n[X-Fleet]\nConflicts=nginx@*.service\n");
        assertEquals(0, run("submit", t.toString()).exit());
        // an agent: reports each scheduled unit running
        Thread agent = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    for (var m : keys.get(Keyspace.SCHEDULE, new dev.flotilla.core.client.GetOptions(true, true, false))
                            .node().children()) {
                        for (var u : m.children()) {
                            String mid = m.key().substring(m.key().lastIndexOf('/') + 1);
                            String un = u.key().substring(u.key().lastIndexOf('/') + 1);
                            keys.set(Keyspace.state(un, mid), Records.write(new Records.UnitState(un, mid,
                                    "abcdef0123", "loaded", "active", "running", "success", null)));
                        }
                    }
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // schedule not written yet
                }
            }
        });
        agent.start();
        try {
            Run start = run("start", "nginx@1", "nginx@2");
            assertEquals(0, start.exit(), start.err());
            assertTrue(start.out().matches("Unit nginx@1.service inactive\nUnit nginx@2.service inactive\n"
                    + "(Unit nginx@[12].service launched on [0-9a-f]{8}\\.\\.\\./172\\.17\\.8\\.10[123]\n){2}"),
                    start.out());
            Run units = run("list-units", "--no-legend");
            List<String> lines = units.out().lines().toList();
            assertEquals(2, lines.size(), units.out());
            assertTrue(lines.get(0).matches("nginx@1.service\t[0-9a-f]{8}\\.\\.\\./172\\.17\\.8\\.10[123]\tactive\t"
                    + "running"), lines.get(0));
            assertTrue(!lines.get(0).split("\t")[1].equals(lines.get(1).split("\t")[1]),
                    "Conflicts=nginx@*.service: different machines\n" + units.out());
            Run ex = run("explain", "nginx@1");
            assertEquals(0, ex.exit(), ex.err());
            assertTrue(ex.out().contains("Conflicts=nginx@*.service: machine runs nginx@2.service"), ex.out());
            Run stop = run("stop", "nginx@1");
            assertEquals(0, stop.exit(), stop.err());
            assertTrue(stop.out().matches("Unit nginx@1.service loaded on [0-9a-f]{8}\\.\\.\\./172\\.17\\.8\\.10[123]\n"),
                    stop.out());
            assertEquals("Successfully stopped units [nginx@1.service].\n", stop.err());
            Run destroy = run("destroy", "nginx@1", "nginx@2", "nothere");
            assertEquals("Destroyed nginx@1.service\nDestroyed nginx@2.service\n", destroy.out());
        } finally {
            agent.interrupt();
            agent.join();
        }
    }

    @Test
    void missingUnitsGiveFleetctlsMessages() {
        Run cat = run("cat", "none");
        assertEquals(1, cat.exit());
        assertEquals("Unit none.service not found\n", cat.err());
        Run status = run("status", "none.service");
        assertEquals("Unit none.service does not exist.\n", status.err());
        Run stop = run("stop", "none.service");
        assertEquals(0, stop.exit());
        assertEquals("Units not found in registry\n", stop.err());
        Run nothing = run("start");
        assertEquals(0, nothing.exit());
        assertEquals("No units given\n", nothing.err());
        Run start = run("start", "nosuch.service");
        assertEquals(1, start.exit());
        assertEquals("Error creating units: unable to find Unit(nosuch.service) in Registry or on filesystem\n",
                start.err());
    }

    @Test
    void everyFleetVerbHasHelpWithAnExample() {
        for (String verb : List.of("list-machines", "list-units", "list-unit-files", "submit", "load", "start", "stop",
                "unload", "destroy", "restart", "status", "journal", "cat", "explain", "pin")) {
            Run r = run(verb, "--help");
            assertEquals(0, r.exit(), verb);
            assertTrue(r.out().contains("Example:") && r.out().contains("flotilla " + verb), verb + ":\n" + r.out());
        }
    }
}
