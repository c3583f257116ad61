package dev.flotilla.node.cli.kv;

import dev.flotilla.core.client.ClientConfig;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.core.client.SetOptions;
import dev.flotilla.node.cli.CliProcess;
import dev.flotilla.node.cli.CliProcess.Result;
import dev.flotilla.testsupport.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code flotilla kv ...} and the real {@code etcdctl} (API v2) against the same etcd: same stdout, same exit
 * status, and for server errors the same stderr line.
 *
 * <p>Reads run both tools on the same keys. Writes run on two identical trees, /fN for flotilla and /eN for
 * etcdctl, and the outputs are compared with the tree names made equal (and, in the few formats that show
 * them, the store indexes, which necessarily differ between two writes).
 */
class EtcdctlParityIT {
    @TempDir
    static Path dir;
    static TestStore store;
    static KeysClient seed;
    static final AtomicInteger trees = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        CliProcess.flotilla();
        CliProcess.etcdctl();
        store = TestStore.start(dir);
        seed = KeysClient.create(ClientConfig.builder().endpoints(List.of(store.clientUrl())).build());
        seed.set("/r/msg", "héllo & <b>wörld</b>");
        seed.set("/r/tree/b", "2");
        seed.set("/r/tree/a", "1");
        seed.set("/r/tree/sub/deep", "3");
        seed.set("/r/tree/empty", null, SetOptions.DEFAULT.withDir(true));
        seed.set("/r/ttl", "t", SetOptions.DEFAULT.withTtl(600));
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
    }

    static Result flotilla(List<String> globals, String... verb) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CliProcess.flotilla().toString(), "--endpoint", store.endpoints()));
        cmd.addAll(globals);
        cmd.add("kv");
        cmd.addAll(Arrays.asList(verb));
        return CliProcess.run(cmd, null);
    }

    static Result etcdctl(List<String> globals, String... verb) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CliProcess.etcdctl().toString(), "--endpoints", store.endpoints()));
        cmd.addAll(globals);
        cmd.addAll(Arrays.asList(verb));
        return CliProcess.run(cmd, null);
    }

    /** A read: both tools, same arguments, same stdout and exit, same stderr when etcdctl reports an error. */
    static Result sameRead(List<String> globals, String... verb) throws Exception {
        Result e = etcdctl(globals, verb);
        Result f = flotilla(globals, verb);
        String what = String.join(" ", globals) + " " + String.join(" ", verb);
        // a TTL counts down between the two runs
        assertEquals(e.seen().replaceAll("\"ttl\":\\d+", "\"ttl\":N").replaceAll("TTL: \\d+", "TTL: N"),
                f.seen().replaceAll("\"ttl\":\\d+", "\"ttl\":N").replaceAll("TTL: \\d+", "TTL: N"),
                "stdout/exit of: " + what);
        if (e.exit() != 0) {
            assertEquals(e.err(), f.err(), "stderr of: " + what);
        }
        return f;
    }

    /** Two identical fresh trees; returns {flotilla's, etcdctl's} prefix. */
    static String[] trees() {
        int n = trees.incrementAndGet();
        return new String[] {"/f" + n, "/e" + n};
    }

    static String[] with(String prefix, String... verb) {
        return Arrays.stream(verb).map(a -> a.replace("{}", prefix)).toArray(String[]::new);
    }

    static String normal(String s, String prefix) {
        return s.replace(prefix + "/", "/T/").replace(prefix + "]", "/T]").replace(prefix + ")", "/T)")
                .replaceAll("\\[\\d+]\n", "[N]\n")
                .replaceAll("\\[(\\d+) != \\d+]", "[$1 != N]")
                .replaceAll("\"(createdIndex|modifiedIndex)\":\\d+", "\"$1\":N")
                .replaceAll("(?m)^(Created-Index|Modified-Index|Index): \\d+$", "$1: N");
    }

    /** A write, on each tool's own tree: same stdout and exit, and same stderr line modulo indexes. */
    static Result sameWrite(String[] t, List<String> globals, String... verb) throws Exception {
        Result f = flotilla(globals, with(t[0], verb));
        Result e = etcdctl(globals, with(t[1], verb));
        String what = String.join(" ", globals) + " " + String.join(" ", verb);
        assertEquals(normal(e.seen(), t[1]), normal(f.seen(), t[0]), "stdout/exit of: " + what);
        if (e.exit() != 0) {
            assertEquals(normal(e.err(), t[1]), normal(f.err(), t[0]), "stderr of: " + what);
        }
        return f;
    }

    static void seedBoth(String[] t, String key, String value) throws Exception {
        for (String p : t) {
            seed.set(p + key, value);
        }
    }

    @Test
    void getInAllFormats() throws Exception {
        assertEquals("héllo & <b>wörld</b>\n", sameRead(List.of(), "get", "/r/msg").out());
        sameRead(List.of("-o", "extended"), "get", "/r/msg");
        Result json = sameRead(List.of("-o", "json"), "get", "/r/msg");
        assertTrue(json.out().contains("\\u0026 \\u003cb\\u003e"), json.out());
        sameRead(List.of("-o", "json"), "get", "--quorum", "/r/ttl");
        sameRead(List.of(), "get", "--sort", "/r/ttl");
    }

    @Test
    void getErrors() throws Exception {
        assertEquals(4, sameRead(List.of(), "get", "/r/nope/deeper").exit());
        Result dirErr = sameRead(List.of(), "get", "/r/tree");
        assertEquals("/r/tree: is a directory\n", dirErr.err());
        sameRead(List.of(), "get");
    }

    @Test
    void listings() throws Exception {
        Result r = sameRead(List.of(), "ls", "--sort", "--recursive", "-p", "/r");
        assertEquals("/r/msg\n/r/tree/\n/r/tree/a\n/r/tree/b\n/r/tree/empty/\n/r/tree/sub/\n/r/tree/sub/deep\n/r/ttl\n",
                r.out());
        sameRead(List.of(), "ls", "--sort", "/r/tree");
        sameRead(List.of(), "ls", "/r/msg");
        sameRead(List.of("-o", "json"), "ls", "--sort", "-r", "/r/tree");
        sameRead(List.of("-o", "extended"), "ls", "/r/tree");
        sameRead(List.of(), "ls", "/r/none");
        // without --sort the order is the server's (Go map order, not stable): compare as sets
        Set<String> e = new TreeSet<>(etcdctl(List.of(), "ls", "-r", "/r").out().lines().toList());
        Set<String> f = new TreeSet<>(flotilla(List.of(), "ls", "-r", "/r").out().lines().toList());
        assertEquals(e, f);
    }

    @Test
    void setWithConditionsAndTtl() throws Exception {
        String[] t = trees();
        sameWrite(t, List.of(), "set", "{}/k", "v1");
        sameWrite(t, List.of(), "set", "--ttl", "100", "{}/k", "v2");
        sameWrite(t, List.of(), "set", "--swap-with-value", "wrong", "{}/k", "v3");
        sameWrite(t, List.of(), "set", "--swap-with-value", "v2", "{}/k", "v3");
        sameWrite(t, List.of(), "set", "--swap-with-index", "1", "{}/k", "v4");
        sameWrite(t, List.of("-o", "extended"), "set", "{}/k", "v5");
        sameWrite(t, List.of("-o", "json"), "set", "{}/k", "v6 & more");
        sameWrite(t, List.of(), "set", "{}/k");
        sameWrite(t, List.of(), "set", "--", "{}/dash", "-starts-with-dash");
        sameWrite(t, List.of(), "set", "{}", "on-a-dir");
    }

    @Test
    void valueFromStdin() throws Exception {
        String[] t = trees();
        Result f = CliProcess.run(List.of(CliProcess.flotilla().toString(), "--endpoint", store.endpoints(),
                "kv", "set", t[0] + "/in"), "from stdin\n");
        Result e = CliProcess.run(List.of(CliProcess.etcdctl().toString(), "--endpoints", store.endpoints(),
                "set", t[1] + "/in"), "from stdin\n");
        assertEquals(e.seen(), f.seen());
        assertEquals("from stdin\n", seed.get(t[0] + "/in").node().value());
    }

    @Test
    void mkUpdateAndDirectories() throws Exception {
        String[] t = trees();
        sameWrite(t, List.of(), "mk", "{}/m", "first");
        sameWrite(t, List.of(), "mk", "{}/m", "again");
        sameWrite(t, List.of(), "mk", "--in-order", "--ttl", "100", "{}/queue", "job");
        sameWrite(t, List.of(), "update", "{}/m", "second");
        sameWrite(t, List.of(), "update", "{}/missing", "x");
        sameWrite(t, List.of(), "mkdir", "{}/d");
        sameWrite(t, List.of(), "mkdir", "{}/d");
        sameWrite(t, List.of(), "mkdir", "{}/m/under-a-file");
        sameWrite(t, List.of(), "setdir", "--ttl", "100", "{}/d");
        sameWrite(t, List.of(), "updatedir", "--ttl", "200", "{}/d");
        sameWrite(t, List.of(), "updatedir", "{}/nodir");
        sameWrite(t, List.of(), "mkdir");
    }

    @Test
    void removal() throws Exception {
        String[] t = trees();
        seedBoth(t, "/a", "va");
        seedBoth(t, "/b", "vb");
        seedBoth(t, "/dir/x", "vx");
        seedBoth(t, "/c", "vc");
        for (String p : t) {
            seed.set(p + "/empty", null, SetOptions.DEFAULT.withDir(true));
        }
        sameWrite(t, List.of(), "rm", "{}/a");
        sameWrite(t, List.of(), "rm", "{}/a");
        sameWrite(t, List.of(), "rm", "--with-value", "nope", "{}/b");
        sameWrite(t, List.of("-o", "extended"), "rm", "--with-value", "vb", "{}/b");
        sameWrite(t, List.of(), "rm", "--with-index", "1", "{}/c");
        sameWrite(t, List.of(), "rm", "{}/dir");
        sameWrite(t, List.of(), "rmdir", "{}/dir");
        sameWrite(t, List.of(), "rmdir", "{}/empty");
        sameWrite(t, List.of(), "rm", "--recursive", "{}/dir");
        sameWrite(t, List.of(), "rm", "{}/c");
        sameWrite(t, List.of(), "rm");
    }

    @Test
    void watchOneChangeAndRecursiveForever() throws Exception {
        String[] t = trees();
        seedBoth(t, "/w/k", "old");
        long after = seed.get("/").etcdIndex();
        // both watchers start "after" the current index, so changes made before they connect still reach them
        try (var f = new CliProcess.Background(List.of(CliProcess.flotilla().toString(), "--endpoint",
                store.endpoints(), "kv", "watch", "--forever", "-r", "--after-index", Long.toString(after), t[0] + "/w"));
             var e = new CliProcess.Background(List.of(CliProcess.etcdctl().toString(), "--endpoints",
                     store.endpoints(), "watch", "--forever", "-r", "--after-index", Long.toString(after), t[1] + "/w"))) {
            for (String p : t) {
                seed.set(p + "/w/k", "new");
                seed.set(p + "/w/sub", null, SetOptions.DEFAULT.withDir(true));
                seed.update(p + "/w/k", "newer", 0);
                seed.delete(p + "/w/k", dev.flotilla.core.client.DeleteOptions.DEFAULT);
            }
            List<String> fl = f.lines(6, Duration.ofSeconds(30));
            List<String> ec = e.lines(6, Duration.ofSeconds(30));
            assertEquals(ec.stream().map(l -> normal(l + "\n", t[1])).toList(),
                    fl.stream().map(l -> normal(l + "\n", t[0])).toList());
            assertEquals(List.of("[set] " + t[0] + "/w/k", "new", "[update] " + t[0] + "/w/k", "newer",
                    "[delete] " + t[0] + "/w/k", "PrevNode.Value: newer"), fl);
        }
        // a single watch ends after the first change, exit 0
        long now = seed.get("/").etcdIndex();
        seedBoth(t, "/w/once", "one");
        sameWrite(t, List.of(), "watch", "--after-index", Long.toString(now), "{}/w/once");
        sameWrite(t, List.of(), "watch");
    }

    @Test
    void execWatchRunsTheCommandWithTheEventInItsEnvironment() throws Exception {
        String[] t = trees();
        long[] after = new long[2];
        for (int i = 0; i < 2; i++) {
            after[i] = seed.set(t[i] + "/x/h", "v0").node().modifiedIndex();
            seed.set(t[i] + "/x/h", "v1");
            seed.set(t[i] + "/x/h", "v2");
        }
        String script = "echo \"$ETCD_WATCH_ACTION $ETCD_WATCH_KEY $ETCD_WATCH_VALUE\"";
        // the documented form "<key> -- <command>" (etcdctl keeps the "--" only after a boolean flag such as -r)
        try (var f = new CliProcess.Background(List.of(CliProcess.flotilla().toString(), "--endpoint",
                store.endpoints(), "kv", "exec-watch", "--after-index", Long.toString(after[0]), "-r", t[0] + "/x/h",
                "--", "sh", "-c", script));
             var e = new CliProcess.Background(List.of(CliProcess.etcdctl().toString(), "--endpoints",
                     store.endpoints(), "exec-watch", "--after-index", Long.toString(after[1]), "-r", t[1] + "/x/h",
                     "--", "sh", "-c", script))) {
            List<String> fl = f.lines(2, Duration.ofSeconds(30));
            List<String> ec = e.lines(2, Duration.ofSeconds(30));
            // etcdctl starts each event's command without waiting for the previous one, so under load its lines
            // may come in either order: compare as sets with etcdctl, and Flotilla's own order exactly
            assertEquals(ec.stream().map(l -> l.replace(t[1], "/T")).sorted().toList(),
                    fl.stream().map(l -> l.replace(t[0], "/T")).sorted().toList());
            assertEquals(List.of("set " + t[0] + "/x/h v1", "set " + t[0] + "/x/h v2"), fl);
        }
        // etcdctl's other form: the command first, the key last
        try (var f = new CliProcess.Background(List.of(CliProcess.flotilla().toString(), "--endpoint",
                store.endpoints(), "kv", "exec-watch", "--after-index", Long.toString(after[0] + 1),
                "sh", "-c", script, t[0] + "/x/h"));
             var e = new CliProcess.Background(List.of(CliProcess.etcdctl().toString(), "--endpoints",
                     store.endpoints(), "exec-watch", "--after-index", Long.toString(after[1] + 1),
                     "sh", "-c", script, t[1] + "/x/h"))) {
            assertEquals(e.lines(1, Duration.ofSeconds(30)).get(0).replace(t[1], "/T"),
                    f.lines(1, Duration.ofSeconds(30)).get(0).replace(t[0], "/T"));
        }
        sameWrite(t, List.of(), "exec-watch", "{}/x/h");
    }

    @Test
    void etcdctlWalkthroughVerbatim() throws Exception {
        String[] t = trees();
        List<String> fl = List.of(CliProcess.flotilla().toString(), "--endpoint", store.endpoints());
        List<String> set = new ArrayList<>(fl);
        set.addAll(List.of("set", t[0] + "/message", "Hello"));
        assertEquals("Hello\n[exit 0]", CliProcess.run(set, null).seen());
        List<String> get = new ArrayList<>(fl);
        get.addAll(List.of("get", t[0] + "/message"));
        assertEquals("Hello\n[exit 0]", CliProcess.run(get, null).seen());
    }

    @Test
    void unreachableEndpoint() throws Exception {
        int dead = TestStore.freePorts(1)[0];
        String url = "http://127.0.0.1:" + dead;
        Result f = CliProcess.run(List.of(CliProcess.flotilla().toString(), "--endpoint", url, "kv", "get", "/r/msg"), null);
        Result e = CliProcess.run(List.of(CliProcess.etcdctl().toString(), "--endpoints", url, "get", "/r/msg"), null);
        assertEquals(e.seen(), f.seen());
        assertEquals(2, f.exit());
        assertEquals(1, f.err().lines().count(), f.err());
        assertTrue(f.err().startsWith("Error: cannot reach " + url + " (connection refused); check --endpoint"), f.err());

        // a dead endpoint first in the list is skipped
        Result failover = CliProcess.run(List.of(CliProcess.flotilla().toString(), "--endpoint",
                url + "," + store.endpoints(), "kv", "get", "/r/tree/a"), null);
        assertEquals("1\n[exit 0]", failover.seen());
    }

    @Test
    void debugPrintsTheSameRequestAsEtcdctl() throws Exception {
        Result f = flotilla(List.of("--debug"), "get", "/r/tree/a");
        Result e = etcdctl(List.of("--debug"), "get", "/r/tree/a");
        assertEquals(e.seen(), f.seen());
        String request = "cURL Command: curl -X GET " + store.clientUrl() + "/v2/keys/r/tree/a?quorum=false&recursive=false&sorted=false";
        assertTrue(e.err().contains(request), e.err());
        assertTrue(f.err().contains(request), f.err());
    }
}
