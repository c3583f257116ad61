package dev.flotilla.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's real etcdctl (API v2), unchanged, against a 3-member Flotilla cluster. */
class EtcdctlTest {
    private static final String ETCDCTL = "/usr/bin/etcdctl";

    record Run(int exit, String out) {
    }

    private static Run etcdctl(LocalCluster c, int member, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ETCDCTL, "--endpoints", c.client(member)));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("ETCDCTL_API", "2");
        Process p = pb.start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("etcdctl " + List.of(args) + " did not finish");
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Starts a long-lived etcdctl (watch --forever, exec-watch) writing to a file. */
    private static Process background(LocalCluster c, File out, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ETCDCTL, "--endpoints", c.client(0)));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out);
        pb.environment().put("ETCDCTL_API", "2");
        return pb.start();
    }

    private static String awaitContent(File f, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String s = "";
        while (System.nanoTime() < deadline) {
            s = Files.readString(f.toPath());
            if (s.contains(expected)) {
                return s;
            }
            Thread.sleep(100);
        }
        return s;
    }

    @Test
    void etcdctlWorksUnchanged(@TempDir Path dir) throws Exception {
        assertTrue(new File(ETCDCTL).canExecute(), ETCDCTL + " is required (Debian package etcd-client)");
        try (LocalCluster c = new LocalCluster(3, dir)) {
            c.startAll();
            c.awaitLeader(Duration.ofSeconds(60));
            // wait until every member has published its client URL (etcdctl syncs endpoints from /v2/members)
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && !(c.get(0, "/v2/members").body().contains(c.client(2))
                    && c.get(0, "/v2/members").body().contains(c.client(1))
                    && c.get(0, "/v2/members").body().contains(c.client(0)))) {
                Thread.sleep(100);
            }

            assertEquals(new Run(0, "bar\n"), etcdctl(c, 0, "set", "/foo", "bar"));
            assertEquals(new Run(0, "bar\n"), etcdctl(c, 1, "get", "/foo"));
            Run mk = etcdctl(c, 2, "mk", "/foo", "x");
            assertEquals(4, mk.exit());
            assertTrue(mk.out().startsWith("Error:  105: Key already exists (/foo) ["), mk.out());
            assertEquals(new Run(0, "new\n"), etcdctl(c, 0, "mk", "/made", "new"));
            assertEquals(0, etcdctl(c, 0, "mkdir", "/dir").exit());
            assertEquals(0, etcdctl(c, 1, "setdir", "/dir2").exit());
            assertEquals(new Run(0, "baz\n"), etcdctl(c, 2, "update", "/foo", "baz"));
            assertEquals(0, etcdctl(c, 0, "updatedir", "--ttl", "100", "/dir2").exit());
            assertEquals(0, etcdctl(c, 0, "set", "/dir/b", "2").exit());
            assertEquals(0, etcdctl(c, 0, "set", "/dir/a", "1").exit());
            assertEquals(new Run(0, "/dir\n/dir/a\n/dir/b\n/dir2\n/foo\n/made\n"),
                    etcdctl(c, 1, "ls", "--sort", "-r", "/"));
            Run swap = etcdctl(c, 0, "rm", "--with-value", "nope", "/foo");
            assertEquals(4, swap.exit());
            assertTrue(swap.out().startsWith("Error:  101: Compare failed ([nope != baz]) ["), swap.out());
            // etcdctl prints the (empty) node value for a compareAndDelete, as against etcd
            assertEquals(new Run(0, "\n"), etcdctl(c, 0, "rm", "--with-value", "baz", "/foo"));
            assertEquals(4, etcdctl(c, 0, "get", "/foo").exit());
            String idx = c.get(0, "/v2/keys/made?quorum=true").headers().firstValue("X-Etcd-Index").orElseThrow();
            String made = c.get(0, "/v2/keys/made?quorum=true").body();
            String modified = made.replaceAll(".*\"modifiedIndex\":(\\d+).*", "$1").trim();
            assertEquals(4, etcdctl(c, 0, "rm", "--with-index", "1", "/made").exit());
            assertEquals(new Run(0, "\n"), etcdctl(c, 0, "rm", "--with-index", modified, "/made"));
            assertEquals(new Run(0, "PrevNode.Value: 2\n"), etcdctl(c, 1, "rm", "/dir/b"));
            assertEquals(0, etcdctl(c, 2, "rm", "-r", "/dir").exit());
            assertEquals(new Run(0, "/dir2\n"), etcdctl(c, 0, "ls", "/"));
            assertTrue(Long.parseLong(idx) > 0);

            // watch: after-index answers from history; --forever keeps streaming
            etcdctl(c, 0, "set", "/w", "one");
            String wIndex = c.get(0, "/v2/keys/w?quorum=true").body().replaceAll(".*\"modifiedIndex\":(\\d+).*", "$1").trim();
            assertEquals(new Run(0, "one\n"), etcdctl(c, 1, "watch", "--after-index", String.valueOf(Long.parseLong(wIndex) - 1), "/w"));
            File forever = dir.resolve("forever.out").toFile();
            Process w = background(c, forever, "watch", "--forever", "/w");
            File exec = dir.resolve("exec.out").toFile();
            Process x = background(c, exec, "exec-watch", "--", "sh", "-c", "echo got $ETCD_WATCH_VALUE", "/ex");
            try {
                Thread.sleep(1500);
                etcdctl(c, 2, "set", "/w", "two");
                etcdctl(c, 1, "set", "/w", "three");
                etcdctl(c, 0, "set", "/ex", "hello");
                assertTrue(awaitContent(forever, "three").contains("two\nthree"), Files.readString(forever.toPath()));
                assertTrue(awaitContent(exec, "got hello").contains("got hello"), Files.readString(exec.toPath()));
            } finally {
                w.destroyForcibly();
                x.destroyForcibly();
            }

            Run list = etcdctl(c, 0, "member", "list");
            assertEquals(0, list.exit());
            assertEquals(3, list.out().lines().count(), list.out());
            assertEquals(1, list.out().lines().filter(l -> l.endsWith("isLeader=true")).count(), list.out());
            Run health = etcdctl(c, 1, "cluster-health");
            assertTrue(health.out().endsWith("cluster is healthy\n"), health.out());

            int port = LocalCluster.freePort();
            Run add = etcdctl(c, 0, "member", "add", "n4", "http://127.0.0.1:" + port);
            assertEquals(0, add.exit(), add.out());
            assertTrue(add.out().startsWith("Added member named n4 with ID "), add.out());
            assertTrue(add.out().contains("ETCD_INITIAL_CLUSTER_STATE=\"existing\""), add.out());
            String id = add.out().replaceAll("(?s).*with ID ([0-9a-f]+) to cluster.*", "$1");
            assertTrue(etcdctl(c, 0, "member", "list").out().contains(id + "[unstarted]: peerURLs=http://127.0.0.1:" + port));
            Run remove = etcdctl(c, 0, "member", "remove", id);
            assertEquals(new Run(0, "Removed member " + id + " from cluster\n"), remove);
            assertEquals(3, etcdctl(c, 0, "member", "list").out().lines().count());
        }
    }
}
