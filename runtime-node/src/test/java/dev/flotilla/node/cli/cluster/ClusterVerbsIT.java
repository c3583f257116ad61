package dev.flotilla.node.cli.cluster;

import dev.flotilla.node.cli.CliProcess;
import dev.flotilla.node.cli.CliProcess.Result;
import dev.flotilla.testsupport.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code flotilla member ...} and {@code flotilla cluster-health} against a real three-member etcd cluster,
 * compared with the real etcdctl (API v2): same stdout and exit status.
 */
class ClusterVerbsIT {
    @TempDir
    static Path dir;
    static TestStore cluster;

    @BeforeAll
    static void start() throws Exception {
        CliProcess.flotilla();
        CliProcess.etcdctl();
        cluster = TestStore.etcd(dir).members(3).start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Result flotilla(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CliProcess.flotilla().toString(), "--endpoint", cluster.endpoints()));
        cmd.addAll(Arrays.asList(args));
        return CliProcess.run(cmd, null);
    }

    static Result etcdctl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CliProcess.etcdctl().toString(), "--endpoints", cluster.endpoints()));
        cmd.addAll(Arrays.asList(args));
        return CliProcess.run(cmd, null);
    }

    static Result same(String... args) throws Exception {
        Result e = etcdctl(args);
        Result f = flotilla(args);
        assertEquals(e.seen(), f.seen(), String.join(" ", args));
        return f;
    }

    static String addedId(Result r) {
        Matcher m = Pattern.compile("with ID (\\w+) to cluster").matcher(r.out());
        assertTrue(m.find(), r.out());
        return m.group(1);
    }

    @Test
    void membershipAndHealth() throws Exception {
        Result list = same("member", "list");
        assertEquals(3, list.out().lines().count());
        assertEquals(1, list.out().lines().filter(l -> l.endsWith("isLeader=true")).count(), list.out());
        assertEquals(same("member", "list", "extra").exit(), 1);

        // add an (unstarted) fourth member with flotilla, then with etcdctl: same report, ID aside
        int[] ports = TestStore.freePorts(2);
        // etcd refuses to add members until all have been connected for a few seconds (HTTP 500)
        Result fAdd = flotilla("member", "add", "extra", "http://127.0.0.1:" + ports[0]);
        for (int attempt = 0; attempt < 10 && fAdd.exit() != 0 && fAdd.err().contains("HTTP 500"); attempt++) {
            Thread.sleep(1000);
            fAdd = flotilla("member", "add", "extra", "http://127.0.0.1:" + ports[0]);
        }
        assertEquals(0, fAdd.exit(), fAdd.err());
        String fId = addedId(fAdd);
        Result unstarted = same("member", "list");
        assertTrue(unstarted.out().contains(fId + "[unstarted]: peerURLs=http://127.0.0.1:" + ports[0] + "\n"),
                unstarted.out());
        Result fRemove = flotilla("member", "remove", fId);
        assertEquals("Removed member " + fId + " from cluster\n[exit 0]", fRemove.seen());

        Result eAdd = etcdctl("member", "add", "extra", "http://127.0.0.1:" + ports[0]);
        String eId = addedId(eAdd);
        // members are listed by ID and the two new IDs differ, so compare the cluster lists as sets
        assertEquals(sortedCluster(eAdd.seen().replace(eId, "ID")), sortedCluster(fAdd.seen().replace(fId, "ID")));
        assertEquals(0, etcdctl("member", "remove", eId).exit());

        same("member", "remove", "0123456789abcdef");
        same("member", "add", "only-a-name");

        Result health = same("cluster-health");
        assertTrue(health.out().endsWith("cluster is healthy\n"), health.out());

        // one follower down: its line says why, and the cluster is degraded (exit 5)
        int follower = followerIndex();
        cluster.kill(follower);
        try {
            Result degraded = same("cluster-health");
            assertEquals(5, degraded.exit());
            assertTrue(degraded.out().endsWith("cluster is degraded\n"), degraded.out());
            assertTrue(degraded.out().contains("is unreachable: [" + cluster.members().get(follower).clientUrl()
                    + "] are all unreachable"), degraded.out());
            Result table = flotilla("cluster-health", "--fault-tolerance");
            assertTrue(table.out().contains("3        2         1   <- this cluster\n"), table.out());
            assertTrue(table.out().contains("2 of 3 members healthy; the cluster can lose 0 more members"), table.out());
            Result json = flotilla("-o", "json", "cluster-health");
            assertEquals(5, json.exit());
            assertTrue(json.out().startsWith("{\"healthy\":false,\"members\":["), json.out());
            assertTrue(json.out().contains("\"size\":3,\"majority\":2,\"failuresTolerated\":1,\"healthyMembers\":2}"),
                    json.out());
        } finally {
            cluster.restart(follower);
        }
    }

    private static String sortedCluster(String out) {
        Matcher m = Pattern.compile("ETCD_INITIAL_CLUSTER=\"([^\"]*)\"").matcher(out);
        assertTrue(m.find(), out);
        String sorted = Arrays.stream(m.group(1).split(",")).sorted().reduce((a, b) -> a + "," + b).orElse("");
        return out.substring(0, m.start(1)) + sorted + out.substring(m.end(1));
    }

    private static int followerIndex() throws Exception {
        Result list = flotilla("member", "list");
        List<TestStore.Member> ms = cluster.members();
        for (int i = 0; i < ms.size(); i++) {
            String url = ms.get(i).clientUrl().toString();
            boolean leader = list.out().lines().anyMatch(l -> l.contains("clientURLs=" + url + " isLeader=true"));
            if (!leader) {
                return i;
            }
        }
        throw new AssertionError("no follower in " + list.out());
    }
}
