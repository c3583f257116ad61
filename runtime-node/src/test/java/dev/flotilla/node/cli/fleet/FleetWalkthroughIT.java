package dev.flotilla.node.cli.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.node.cli.CliProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed walkthroughs, verbatim with {@code flotilla} in place of fleetctl/etcdctl, run as separate processes
 * against a real 3-node cluster started with {@code flotilla node} (store, engine and agent in each; {@link FleetCluster}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetWalkthroughIT {
    @TempDir
    static Path dir;
    FleetCluster cluster;

    @BeforeAll
    void cluster() throws Exception {
        cluster = new FleetCluster(dir, List.of("node=n1", "node=n2", "node=n3")).start();
    }

    @AfterAll
    void stop() throws Exception {
        cluster.close();
    }

    CliProcess.Result flotilla(String... args) throws Exception {
        return cluster.flotilla(args);
    }

    @Test
    void nginxInstancesWithConflictsLandOnDifferentMachines() throws Exception {
        Path t = dir.resolve("nginx@.service");
        Files.writeString(t, "[Unit]\nDescription=nginx %i\n\n[Service]\n"
                + "ExecStart=/bin/sh -c 'while true; do echo serving %i; sleep 1; done'\n\n"
                + "[X-Fleet]\nConflicts=nginx@*.service\n");
        CliProcess.Result submit = flotilla("submit", t.toString());
        assertEquals(0, submit.exit(), submit.err());
        CliProcess.Result start = flotilla("start", "nginx@1", "nginx@2");
        assertEquals(0, start.exit(), start.out() + start.err());
        CliProcess.Result units = flotilla("list-units");
        List<String> lines = units.out().lines().toList();
        assertEquals("UNIT\t\tMACHINE\t\t\tACTIVE\tSUB", lines.get(0), units.out());
        assertEquals(3, lines.size(), units.out());
        assertTrue(lines.get(1).matches("nginx@1\\.service\t[0-9a-f]{8}\\.\\.\\./127\\.0\\.0\\.1\tactive\trunning"),
                lines.get(1));
        assertNotEquals(lines.get(1).split("\t+")[1], lines.get(2).split("\t+")[1], units.out());
        CliProcess.Result files = flotilla("list-unit-files");
        assertTrue(files.out().startsWith("UNIT\t\tHASH\tDSTATE\t\tSTATE\t\tTARGET\nnginx@.service\t"), files.out());
        assertEquals(0, flotilla("destroy", "nginx@1", "nginx@2", "nginx@.service").exit());
    }

    @Test
    void crocLoadStartStatusStopDestroy() throws Exception {
        Path croc = dir.resolve("croc.service");
        Files.writeString(croc, "[Unit]\nDescription=Croc\n\n[Service]\n"
                + "ExecStart=/bin/sh -c 'while true; do echo snap; sleep 1; done'\n");
        CliProcess.Result load = flotilla("load", croc.toString());
        assertEquals(0, load.exit(), load.out() + load.err());
        assertTrue(load.out().matches("Unit croc.service inactive\nUnit croc.service loaded on [0-9a-f]{8}\\.\\.\\."
                + "/127\\.0\\.0\\.1\n"), load.out());
        CliProcess.Result start = flotilla("start", "croc.service");
        assertEquals(0, start.exit(), start.out() + start.err());
        assertTrue(start.out().matches("Unit croc.service launched on [0-9a-f]{8}\\.\\.\\./127\\.0\\.0\\.1\n"),
                start.out());
        Thread.sleep(2500);
        CliProcess.Result status = flotilla("status", "croc.service");
        assertEquals(0, status.exit(), status.err());
        assertTrue(status.out().startsWith("● croc.service - Croc\n   Loaded: loaded"), status.out());
        assertTrue(status.out().contains("   Active: active (running)"), status.out());
        assertTrue(status.out().contains("croc.service[stdout]: snap"), status.out());
        CliProcess.Result journal = flotilla("journal", "--lines", "2", "croc");
        assertEquals(0, journal.exit(), journal.err());
        assertEquals(3, journal.out().lines().count(), journal.out());
        CliProcess.Result stop = flotilla("stop", "croc.service");
        assertEquals(0, stop.exit(), stop.err());
        assertTrue(stop.out().startsWith("Unit croc.service loaded on "), stop.out());
        CliProcess.Result destroy = flotilla("destroy", "croc.service");
        assertEquals("Destroyed croc.service\n", destroy.out());
    }

    @Test
    void setGetMessage() throws Exception {
        assertEquals("Hello\n", flotilla("set", "/message", "Hello").out());
        assertEquals("Hello\n", flotilla("get", "/message").out());
    }
}
