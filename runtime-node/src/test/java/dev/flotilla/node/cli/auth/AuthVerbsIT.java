package dev.flotilla.node.cli.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.flotilla.node.cli.CliProcess;
import dev.flotilla.node.cli.CliProcess.Result;
import dev.flotilla.testsupport.TestStore;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flotilla auth|user|role} run as separate processes against a real 3-node Flotilla cluster: an operator
 * turns auth on, makes a read-only user and an admin, and each can do exactly what its role allows. The verbs'
 * stdout and exit status are also compared with the real etcdctl's against a real etcd.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthVerbsIT {
    @TempDir
    static Path dir;
    final List<Process> nodes = new ArrayList<>();
    String endpoints;

    @BeforeAll
    void cluster() throws Exception {
        int n = 3;
        int[] ports = TestStore.freePorts(2 * n);
        List<String> initial = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            initial.add("n" + (i + 1) + "=http://127.0.0.1:" + ports[2 * i + 1]);
            urls.add("http://127.0.0.1:" + ports[2 * i]);
        }
        endpoints = String.join(",", urls);
        for (int i = 0; i < n; i++) {
            String peer = "http://127.0.0.1:" + ports[2 * i + 1];
            List<String> cmd = List.of(CliProcess.flotilla().toString(), "node", "--name", "n" + (i + 1),
                    "--data-dir", dir.resolve("n" + (i + 1)).toString(),
                    "--listen-client-urls", urls.get(i), "--advertise-client-urls", urls.get(i),
                    "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                    "--initial-cluster", String.join(",", initial), "--stop-units-on-exit");
            File log = dir.resolve("n" + (i + 1) + ".log").toFile();
            nodes.add(new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start());
        }
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            Result r = flotilla("list-machines", "--no-legend");
            if (r.exit() == 0 && r.out().lines().count() == 3) {
                break;
            }
            if (System.nanoTime() > end) {
                fail("3 machines not listed within 90 s: " + r.out() + r.err() + "; logs in " + dir);
            }
            Thread.sleep(500);
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (Process p : nodes) {
            p.destroy();
        }
        for (Process p : nodes) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    Result flotilla(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CliProcess.flotilla().toString(), "--endpoint", endpoints));
        cmd.addAll(Arrays.asList(args));
        return CliProcess.run(cmd, null);
    }

    Result as(String credentials, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--username", credentials));
        all.addAll(Arrays.asList(args));
        return flotilla(all.toArray(String[]::new));
    }

    static void ok(String expectedOut, Result r) {
        assertEquals(expectedOut + "[exit 0]", r.seen(), r.err());
    }

    static void refused(String expectedErr, Result r) {
        assertEquals("[exit 1]", r.seen(), r.err());
        assertEquals(expectedErr + "\n", r.err());
    }

    @Test
    void readOnlyUserWatchesAdminActs() throws Exception {
        String root = "root:rootpw";
        refused("auth: No root user available, please create one", flotilla("auth", "enable"));
        ok("User root created\n", flotilla("user", "add", root));
        ok("Authentication Enabled\n", flotilla("auth", "enable"));
        refused("Insufficient credentials", flotilla("auth", "disable"));
        refused("auth: already enabled", as(root, "auth", "enable"));

        ok("Role viewer created\n", as(root, "role", "add", "viewer"));
        refused("Role viewer already exists", as(root, "role", "add", "viewer"));
        ok("Role viewer updated\n", as(root, "role", "grant", "viewer", "--path", "/*", "--read"));
        // revoking what the role never held is etcd's error, not a silent success
        refused("auth: Role not updated. Use grant/revoke to update the role.",
                as(root, "role", "revoke", "viewer", "--path", "/*", "--write"));
        refused("auth: Granting duplicate read permission /*",
                as(root, "role", "grant", "viewer", "--path", "/*", "--read"));
        refused("Please specify exactly one of --read, --write or --readwrite",
                as(root, "role", "grant", "viewer", "--path", "/*"));
        refused("No path specified; please use `--path`", as(root, "role", "grant", "viewer", "--read"));
        ok("Role admin created\n", as(root, "role", "add", "admin"));
        ok("Role admin updated\n", as(root, "role", "grant", "admin", "--path", "/*", "--readwrite"));
        ok("Role: viewer\nKV Read:\n\t/*\nKV Write:\n", as(root, "role", "get", "viewer"));
        // nobody without credentials: the guest role loses what etcd gives it on enable
        ok("Role guest updated\n", as(root, "role", "revoke", "guest", "--path", "/*", "--rw"));
        ok("admin\nguest\nroot\nviewer\n", as(root, "role", "list"));

        ok("User alice created\n", as(root, "user", "add", "alice:alicepw"));
        refused("User alice already exists", as(root, "user", "add", "alice:other"));
        ok("User alice updated\n", as(root, "user", "grant", "alice", "--roles", "viewer"));
        refused("auth: Granting duplicate role viewer for user alice",
                as(root, "user", "grant", "alice", "--roles", "viewer"));
        refused("auth: Revoking ungranted role admin for user alice",
                as(root, "user", "revoke", "alice", "--roles", "admin"));
        ok("User bob created\n", as(root, "user", "add", "bob:bobpw"));
        ok("User bob updated\n", as(root, "user", "grant", "bob", "--roles", "admin"));
        ok("User: alice\nRoles: viewer\n", as(root, "user", "get", "alice"));
        ok("alice\nbob\nroot\n", as(root, "user", "list"));
        refused("Insufficient credentials", as("bob:bobpw", "user", "list"));
        refused("unexpected status code 401", as("alice:alicepw", "role", "list"));

        // the admin submits and starts a unit and writes a key
        String alice = "alice:alicepw";
        String bob = "bob:bobpw";
        Path unit = dir.resolve("ticker.service");
        Files.writeString(unit, "[Service]\nExecStart=/bin/sh -c 'while true; do echo tick; sleep 0.2; done'\n");
        Path other = dir.resolve("other.service");
        Files.writeString(other, "[Service]\nExecStart=/bin/sleep 600\n");
        Result start = as(bob, "start", unit.toString());
        assertEquals(0, start.exit(), start.out() + start.err());
        ok("v1\n", as(bob, "set", "/app/k", "v1"));
        Result anon = flotilla("list-units");
        assertNotEquals(0, anon.exit(), anon.out());

        // the viewer reads everything ...
        Result units = as(alice, "list-units", "--no-legend");
        assertEquals(0, units.exit(), units.err());
        assertTrue(units.out().startsWith("ticker.service\t"), units.out());
        ok("v1\n", as(alice, "get", "/app/k"));
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Result journal;
        do {
            journal = as(alice, "journal", "--lines", "2", "ticker");
        } while (!journal.out().contains("tick") && System.nanoTime() < end);
        assertEquals(0, journal.exit(), journal.err());
        assertTrue(journal.out().contains("tick"), journal.out());
        List<String> follow = new ArrayList<>(List.of(CliProcess.flotilla().toString(), "--endpoint", endpoints,
                "--username", alice, "journal", "-f", "--lines", "1", "ticker"));
        try (CliProcess.Background f = new CliProcess.Background(follow)) {
            List<String> lines = f.lines(3, Duration.ofSeconds(20));
            assertTrue(lines.stream().filter(l -> l.contains("tick")).count() >= 2, lines.toString());
        }

        // ... and changes nothing: one clear line, a non-zero exit, the store unchanged
        Result set = as(alice, "set", "/app/k", "v2");
        assertEquals("", set.out());
        assertEquals(4, set.exit());
        assertEquals("Error:  110: The request requires user authentication (Insufficient credentials) [0]\n",
                set.err());
        Result startOther = as(alice, "start", other.toString());
        assertNotEquals(0, startOther.exit(), startOther.out());
        assertEquals(1, startOther.err().lines().count(), startOther.err());
        assertTrue(startOther.err().contains("requires user authentication"), startOther.err());
        Result stop = as(alice, "stop", "ticker");
        assertNotEquals(0, stop.exit(), stop.out());
        assertTrue(stop.err().contains("requires user authentication"), stop.err());
        ok("v1\n", as(alice, "get", "/app/k"));
        Result after = as(alice, "list-units", "--no-legend");
        assertEquals(1, after.out().lines().count(), after.out());
        assertTrue(after.out().matches("(?s)ticker\\.service\t.*\tactive\trunning\n"), after.out());

        // a changed password works at once on every member; the old one no longer does
        Result passwd = CliProcess.run(List.of(CliProcess.flotilla().toString(), "--endpoint", endpoints,
                "--username", root, "user", "passwd", "alice"), "newpw\n");
        assertEquals("Password updated\n[exit 0]", passwd.seen(), passwd.err());
        assertEquals(4, as(alice, "get", "/app/k").exit());
        ok("v1\n", as("alice:newpw", "get", "/app/k"));

        ok("User alice removed\n", as(root, "user", "remove", "alice"));
        refused("auth: User alice does not exist", as(root, "user", "remove", "alice"));
        ok("Role viewer removed\n", as(root, "role", "remove", "viewer"));
        refused("auth: Role viewer doesn't exist.", as(root, "role", "remove", "viewer"));
        refused("auth: Cannot modify role root: is root role.", as(root, "role", "remove", "root"));
        assertEquals(0, as(bob, "destroy", "ticker").exit());
        ok("Authentication Disabled\n", as(root, "auth", "disable"));
        ok("v1\n", flotilla("get", "/app/k"));
    }

    /** The same verbs, one by one, through etcdctl against etcd and through flotilla against another etcd. */
    @Test
    void sameStdoutAndExitAsEtcdctl() throws Exception {
        try (TestStore a = TestStore.etcd(dir.resolve("etcd-a")).start();
             TestStore b = TestStore.etcd(dir.resolve("etcd-b")).start()) {
            String[][] steps = {
                    {"auth", "enable"}, {"user", "add", "root:pw"}, {"user", "get", "nobody"}, {"auth", "enable"},
                    {"auth", "enable"}, {"-u", "root:pw", "auth", "enable"},
                    {"-u", "root:pw", "role", "add", "ro"}, {"-u", "root:pw", "role", "add", "ro"},
                    {"-u", "root:pw", "role", "grant", "ro", "--path", "/pub/*", "--read"},
                    {"-u", "root:pw", "role", "grant", "ro", "--path", "/pub/*", "--read"},
                    {"-u", "root:pw", "role", "revoke", "ro", "--path", "/pub/*", "--write"},
                    {"-u", "root:pw", "role", "grant", "ro", "--path", "/x", "--readwrite"},
                    {"-u", "root:pw", "role", "grant", "ro", "--path", "/x//y", "--read"},
                    {"-u", "root:pw", "role", "grant", "ro", "--path", "/y", "--read", "--write"},
                    {"-u", "root:pw", "role", "get", "ro"}, {"-u", "root:pw", "role", "list"},
                    {"-u", "root:pw", "role", "get", "nosuch"},
                    {"-u", "root:pw", "user", "add", "al:x"}, {"-u", "root:pw", "user", "grant", "al", "--roles", "ro"},
                    {"-u", "root:pw", "user", "grant", "al", "--roles", "ro"}, {"-u", "root:pw", "user", "grant", "al"},
                    {"-u", "root:pw", "user", "revoke", "al", "--roles", "guest"}, {"-u", "root:pw", "user", "list"},
                    {"-u", "al:x", "user", "list"}, {"-u", "al:x", "role", "list"},
                    {"-u", "root:pw", "user", "revoke", "al", "--roles", "ro"},
                    {"-u", "root:pw", "user", "remove", "al"}, {"-u", "root:pw", "user", "remove", "al"},
                    {"-u", "root:pw", "role", "remove", "ro"}, {"-u", "root:pw", "role", "remove", "ro"},
                    {"-u", "root:pw", "role", "remove", "root"}, {"-u", "root:pw", "auth", "disable"},
                    {"auth", "disable"}, {"user", "add"}, {"role", "list", "extra"},
            };
            for (String[] step : steps) {
                List<String> e = new ArrayList<>(List.of(CliProcess.etcdctl().toString(), "--endpoints", a.endpoints()));
                e.addAll(Arrays.asList(step));
                List<String> f = new ArrayList<>(List.of(CliProcess.flotilla().toString(), "--endpoint", b.endpoints()));
                f.addAll(Arrays.asList(step));
                Result er = CliProcess.run(e, null);
                Result fr = CliProcess.run(f, null);
                String what = String.join(" ", step);
                assertEquals(er.seen(), fr.seen(), what + "\netcdctl: " + er.err() + "flotilla: " + fr.err());
                assertEquals(er.err(), fr.err(), what);
            }
        }
    }
}
