package dev.flotilla.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store's replies compared with etcd 3.4's (bodies from the reference transcript, indexes relative). */
class StoreTest {
    private static final long NOW = 1_795_000_000_000_000_000L; // fixed proposer clock
    private final Store store = new Store();

    private Event put(String key, String value) throws EtcdError {
        return store.apply(V2Request.put(key, value), NOW);
    }

    private Event req(V2Request.Method m, String key, String value, boolean dir, String prevValue, long prevIndex,
                      Boolean prevExist, boolean refresh, boolean recursive, long expire) throws EtcdError {
        return store.apply(new V2Request(m, key, value, dir, prevValue, prevIndex, prevExist, refresh, recursive,
                expire), NOW);
    }

    private EtcdError fails(ThrowingRunnable r) {
        return assertThrows(EtcdError.class, r::run);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void setThenOverwriteRendersLikeEtcd() throws Exception {
        Event e = put("/foo", "bar");
        assertEquals("{\"action\":\"set\",\"node\":{\"key\":\"/foo\",\"value\":\"bar\",\"modifiedIndex\":1,"
                + "\"createdIndex\":1}}\n", e.toJson(false));
        assertTrue(e.isCreated());
        e = put("foo", "bar2");
        assertFalse(e.isCreated());
        assertEquals("{\"action\":\"set\",\"node\":{\"key\":\"/foo\",\"value\":\"bar2\",\"modifiedIndex\":2,"
                + "\"createdIndex\":2},\"prevNode\":{\"key\":\"/foo\",\"value\":\"bar\",\"modifiedIndex\":1,"
                + "\"createdIndex\":1}}\n", e.toJson(false));
        assertEquals("{\"action\":\"get\",\"node\":{\"key\":\"/foo\",\"value\":\"bar2\",\"modifiedIndex\":2,"
                + "\"createdIndex\":2}}\n", store.get("/foo", false, false, NOW).toJson(false));
        assertEquals(2, store.index());
    }

    @Test
    void emptyRootAndHtmlEscaping() throws Exception {
        assertEquals("{\"action\":\"get\",\"node\":{\"dir\":true}}\n", store.get("/", false, false, NOW).toJson(false));
        Event e = put("/ref/enc", "a b&c=d/é");
        assertTrue(e.toJson(false).contains("\"value\":\"a b\\u0026c=d/é\""));
    }

    @Test
    void missingKeysNameTheFirstMissingSegment() {
        EtcdError err = fails(() -> store.get("/missing/deeper", false, false, NOW));
        assertEquals(ErrorCode.KEY_NOT_FOUND, err.code());
        assertEquals("{\"errorCode\":100,\"message\":\"Key not found\",\"cause\":\"/missing\",\"index\":0}\n",
                err.toJson());
        assertEquals(404, err.code().httpStatus);
    }

    @Test
    void prevExistCreateAndUpdate() throws Exception {
        put("/foo", "bar");
        EtcdError err = fails(() -> req(V2Request.Method.PUT, "/foo", "x", false, "", 0, false, false, false, 0));
        assertEquals("{\"errorCode\":105,\"message\":\"Key already exists\",\"cause\":\"/foo\",\"index\":1}\n",
                err.toJson());
        Event c = req(V2Request.Method.PUT, "/ref/new", "n1", false, "", 0, false, false, false, 0);
        assertEquals("{\"action\":\"create\",\"node\":{\"key\":\"/ref/new\",\"value\":\"n1\",\"modifiedIndex\":2,"
                + "\"createdIndex\":2}}\n", c.toJson(false));
        err = fails(() -> req(V2Request.Method.PUT, "/ref/absent", "x", false, "", 0, true, false, false, 0));
        assertEquals(ErrorCode.KEY_NOT_FOUND, err.code());
        assertEquals("/ref/absent", err.causeText());
        Event u = req(V2Request.Method.PUT, "/ref/new", "n2", false, "", 0, true, false, false, 0);
        assertEquals("{\"action\":\"update\",\"node\":{\"key\":\"/ref/new\",\"value\":\"n2\",\"modifiedIndex\":3,"
                + "\"createdIndex\":2},\"prevNode\":{\"key\":\"/ref/new\",\"value\":\"n1\",\"modifiedIndex\":2,"
                + "\"createdIndex\":2}}\n", u.toJson(false));
    }

    @Test
    void compareAndSwapCausesAndSuccess() throws Exception {
        put("/foo", "bar2");
        EtcdError err = fails(() -> req(V2Request.Method.PUT, "/foo", "x", false, "wrong", 0, null, false, false, 0));
        assertEquals("[wrong != bar2]", err.causeText());
        assertEquals(412, err.code().httpStatus);
        Event e = req(V2Request.Method.PUT, "/foo", "bar3", false, "bar2", 0, null, false, false, 0);
        assertEquals("{\"action\":\"compareAndSwap\",\"node\":{\"key\":\"/foo\",\"value\":\"bar3\","
                + "\"modifiedIndex\":2,\"createdIndex\":1},\"prevNode\":{\"key\":\"/foo\",\"value\":\"bar2\","
                + "\"modifiedIndex\":1,\"createdIndex\":1}}\n", e.toJson(false));
        err = fails(() -> req(V2Request.Method.PUT, "/foo", "x", false, "", 1, null, false, false, 0));
        assertEquals("[1 != 2]", err.causeText());
        err = fails(() -> req(V2Request.Method.PUT, "/foo", "x", false, "nope", 1, null, false, false, 0));
        assertEquals("[nope != bar3] [1 != 2]", err.causeText());
        req(V2Request.Method.PUT, "/foo", "bar4", false, "", 2, null, false, false, 0);
        assertEquals("bar4", store.get("/foo", false, false, NOW).node().value());
        err = fails(() -> req(V2Request.Method.PUT, "/absent", "y", false, "x", 0, null, false, false, 0));
        assertEquals(ErrorCode.KEY_NOT_FOUND, err.code());
        put("/d/x", "1");
        err = fails(() -> req(V2Request.Method.PUT, "/d", "y", false, "x", 0, null, false, false, 0));
        assertEquals(ErrorCode.NOT_FILE, err.code());
        err = fails(() -> req(V2Request.Method.PUT, "/", "y", false, "x", 0, null, false, false, 0));
        assertEquals(ErrorCode.ROOT_READ_ONLY, err.code());
    }

    @Test
    void ttlRefreshAndClearing() throws Exception {
        long exp = NOW + 60_000_000_000L + 470_746_845L;
        Event e = req(V2Request.Method.PUT, "/ref/ttl", "t", false, "", 0, null, false, false, exp);
        assertEquals(61, e.node().ttl()); // ceiling of 60.47 s, as etcd rounds
        String expected = EtcdJson.rfc3339Nano(exp);
        assertTrue(e.toJson(false).contains("\"expiration\":\"" + expected + "\",\"ttl\":61,"), e.toJson(false));
        long exp2 = NOW + 120_000_000_000L;
        Event r = req(V2Request.Method.PUT, "/ref/ttl", "", false, "", 0, true, true, false, exp2);
        assertEquals("update", r.action());
        assertEquals("t", r.node().value());
        assertEquals(120, r.node().ttl());
        assertEquals(61, r.prevNode().ttl());
        Event c = req(V2Request.Method.PUT, "/ref/ttl", "t2", false, "", 0, true, false, false, 0);
        assertEquals("{\"action\":\"update\",\"node\":{\"key\":\"/ref/ttl\",\"value\":\"t2\",\"modifiedIndex\":3,"
                + "\"createdIndex\":1},\"prevNode\":{\"key\":\"/ref/ttl\",\"value\":\"t\",\"expiration\":\""
                + EtcdJson.rfc3339Nano(exp2) + "\",\"ttl\":120,\"modifiedIndex\":2,\"createdIndex\":1}}\n",
                c.toJson(false));
        assertEquals(0, store.nextExpiry());
        EtcdError err = fails(() -> req(V2Request.Method.PUT, "/ref/nottl", "", false, "", 0, true, true, false, exp2));
        assertEquals(ErrorCode.KEY_NOT_FOUND, err.code());
    }

    @Test
    void expiryIsDecidedByTheCutoffInTheLog() throws Exception {
        long exp = NOW + 1_000_000_000L;
        req(V2Request.Method.PUT, "/ref/exp", "e", false, "", 0, null, false, false, exp);
        req(V2Request.Method.PUT, "/ref/dir", "", true, "", 0, null, false, false, exp + 5);
        put("/ref/dir/child", "c");
        List<Event> seen = new ArrayList<>();
        store.watch("/ref/exp", false, false, 0, seen::add);
        store.watch("/ref/dir/child", false, false, 0, seen::add);
        assertEquals(exp, store.nextExpiry());
        assertTrue(store.expire(exp - 1).isEmpty());
        List<Event> expired = store.expire(exp);
        assertEquals(1, expired.size());
        assertEquals("{\"action\":\"expire\",\"node\":{\"key\":\"/ref/exp\",\"modifiedIndex\":4,\"createdIndex\":1},"
                + "\"prevNode\":{\"key\":\"/ref/exp\",\"value\":\"e\",\"expiration\":\"" + EtcdJson.rfc3339Nano(exp)
                + "\",\"modifiedIndex\":1,\"createdIndex\":1}}\n", expired.get(0).toJson(false));
        expired = store.expire(exp + 10);
        assertEquals(1, expired.size());
        assertTrue(expired.get(0).node().dir());
        assertEquals(2, seen.size(), "the watcher on a key inside the expired dir is told too");
        assertEquals("/ref/dir", seen.get(1).node().key());
        assertEquals(ErrorCode.KEY_NOT_FOUND, fails(() -> store.get("/ref/dir/child", false, false, NOW)).code());
        assertEquals(2, store.stats().expireCount.get());
    }

    @Test
    void directoriesHiddenKeysAndListings() throws Exception {
        Event d = req(V2Request.Method.PUT, "/ref/dir", "", true, "", 0, null, false, false, 0);
        assertEquals("{\"action\":\"set\",\"node\":{\"key\":\"/ref/dir\",\"dir\":true,\"modifiedIndex\":1,"
                + "\"createdIndex\":1}}\n", d.toJson(false));
        assertEquals(ErrorCode.NOT_FILE,
                fails(() -> req(V2Request.Method.PUT, "/ref/dir", "", true, "", 0, null, false, false, 0)).code());
        assertEquals(ErrorCode.NODE_EXIST,
                fails(() -> req(V2Request.Method.PUT, "/ref/dir", "", true, "", 0, false, false, false, 0)).code());
        Event d2 = req(V2Request.Method.PUT, "/ref/dir2", "x", true, "", 0, null, false, false, 0);
        assertNull(d2.node().value(), "dir=true drops the value");
        assertEquals(ErrorCode.NOT_FILE, fails(() -> put("/ref/dir", "x")).code());
        put("/foo", "v");
        EtcdError err = fails(() -> put("/foo/child", "x"));
        assertEquals(ErrorCode.NOT_DIR, err.code());
        assertEquals("/foo", err.causeText());
        put("/ref/dir/a", "1");
        put("/ref/dir/b/c", "2");
        put("/ref/dir/_hidden", "h");
        assertEquals("{\"action\":\"get\",\"node\":{\"key\":\"/ref/dir\",\"dir\":true,\"nodes\":[{\"key\":\"/ref/dir/a\","
                + "\"value\":\"1\",\"modifiedIndex\":4,\"createdIndex\":4},{\"key\":\"/ref/dir/b\",\"dir\":true,"
                + "\"modifiedIndex\":5,\"createdIndex\":5}],\"modifiedIndex\":1,\"createdIndex\":1}}\n",
                store.get("/ref/dir", false, false, NOW).toJson(false));
        assertEquals("{\"action\":\"get\",\"node\":{\"key\":\"/ref/dir\",\"dir\":true,\"nodes\":[{\"key\":\"/ref/dir/a\","
                + "\"value\":\"1\",\"modifiedIndex\":4,\"createdIndex\":4},{\"key\":\"/ref/dir/b\",\"dir\":true,"
                + "\"nodes\":[{\"key\":\"/ref/dir/b/c\",\"value\":\"2\",\"modifiedIndex\":5,\"createdIndex\":5}],"
                + "\"modifiedIndex\":5,\"createdIndex\":5}],\"modifiedIndex\":1,\"createdIndex\":1}}\n",
                store.get("/ref/dir", true, true, NOW).toJson(false));
        assertEquals("h", store.get("/ref/dir/_hidden", false, false, NOW).node().value());
        assertEquals(ErrorCode.NOT_FILE, fails(() -> store.apply(V2Request.delete("/ref/dir"), NOW)).code());
        assertEquals(ErrorCode.DIR_NOT_EMPTY,
                fails(() -> req(V2Request.Method.DELETE, "/ref/dir", "", true, "", 0, null, false, false, 0)).code());
        Event del = req(V2Request.Method.DELETE, "/ref/dir", "", false, "", 0, null, false, true, 0);
        assertEquals("{\"action\":\"delete\",\"node\":{\"key\":\"/ref/dir\",\"dir\":true,\"modifiedIndex\":7,"
                + "\"createdIndex\":1},\"prevNode\":{\"key\":\"/ref/dir\",\"dir\":true,\"modifiedIndex\":1,"
                + "\"createdIndex\":1}}\n", del.toJson(false));
        Event f = req(V2Request.Method.DELETE, "/foo", "", true, "", 0, null, false, false, 0);
        assertEquals("delete", f.action());
        assertEquals(ErrorCode.ROOT_READ_ONLY,
                fails(() -> req(V2Request.Method.DELETE, "/", "", false, "", 0, null, false, true, 0)).code());
    }

    @Test
    void inOrderKeysAreZeroPaddedIndexes() throws Exception {
        put("/x", "1");
        Event e = req(V2Request.Method.POST, "/ref/queue", "job1", false, "", 0, null, false, false, 0);
        assertEquals("{\"action\":\"create\",\"node\":{\"key\":\"/ref/queue/00000000000000000002\",\"value\":\"job1\","
                + "\"modifiedIndex\":2,\"createdIndex\":2}}\n", e.toJson(false));
        assertTrue(e.isCreated());
        req(V2Request.Method.POST, "/ref/queue", "job2", false, "", 0, null, false, false, 0);
        Event l = store.get("/ref/queue", true, true, NOW);
        assertEquals(2, l.node().nodes().size());
        assertEquals("/ref/queue/00000000000000000003", l.node().nodes().get(1).key());
        EtcdError err = fails(() -> req(V2Request.Method.POST, "/x", "v", false, "", 0, null, false, false, 0));
        assertEquals(ErrorCode.NOT_DIR, err.code());
        assertEquals("/x", err.causeText());
    }

    @Test
    void compareAndDelete() throws Exception {
        put("/ref/cas", "2");
        EtcdError err = fails(() -> req(V2Request.Method.DELETE, "/ref/cas", "", false, "9", 0, null, false, false, 0));
        assertEquals("{\"errorCode\":101,\"message\":\"Compare failed\",\"cause\":\"[9 != 2]\",\"index\":1}\n",
                err.toJson());
        Event e = req(V2Request.Method.DELETE, "/ref/cas", "", false, "2", 0, null, false, false, 0);
        assertEquals("{\"action\":\"compareAndDelete\",\"node\":{\"key\":\"/ref/cas\",\"modifiedIndex\":2,"
                + "\"createdIndex\":1},\"prevNode\":{\"key\":\"/ref/cas\",\"value\":\"2\",\"modifiedIndex\":1,"
                + "\"createdIndex\":1}}\n", e.toJson(false));
        put("/ref/new", "n");
        assertEquals("compareAndDelete",
                req(V2Request.Method.DELETE, "/ref/new", "", false, "", 3, null, false, false, 0).action());
    }

    @Test
    void rejectedWritesChangeNothing() throws Exception {
        put("/a/b", "1");
        long index = store.index();
        String before = store.get("/", true, true, NOW).toJson(false);
        fails(() -> put("/a/b/c/d", "x"));
        fails(() -> req(V2Request.Method.PUT, "/a", "x", false, "", 0, null, false, false, 0));
        fails(() -> req(V2Request.Method.PUT, "/a/b", "x", false, "no", 0, null, false, false, 0));
        fails(() -> req(V2Request.Method.POST, "/a/b", "x", false, "", 0, null, false, false, 0));
        fails(() -> store.apply(V2Request.delete("/a"), NOW));
        assertEquals(index, store.index());
        assertEquals(before, store.get("/", true, true, NOW).toJson(false));
    }

    @Test
    void noValueOnSuccessHidesNodes() throws Exception {
        assertEquals("{\"action\":\"set\"}\n", put("/k", "v").toJson(true));
        assertTrue(store.apply(V2Request.delete("/k"), NOW).toJson(true).contains("prevNode"));
    }

    @Test
    void aListenerThatCancelsWatchersWhileNotifiedDoesNotBreakTheStore() throws Exception {
        // an HTTP watch whose client has gone fails its write inline and cancels its watcher on the applying thread
        put("/d/x", "0");
        List<Event> got = new ArrayList<>();
        Watcher[] stream = new Watcher[1];
        Watcher[] self = new Watcher[1];
        self[0] = store.watch("/d", true, false, 0, e -> {
            store.cancel(self[0]);
            store.cancel(stream[0]);
        });
        stream[0] = store.watch("/d", true, true, 0, got::add);
        store.watch("/d", true, false, 0, got::add);
        req(V2Request.Method.DELETE, "/d", "", true, "", 0, null, false, true, 0);
        put("/d/a", "1");
        assertEquals(1, got.size(), "the cancelled stream watcher got nothing; the other long poll fired once");
        assertEquals(0, store.watcherCount());
    }

    @Test
    void watchesLongPollRecursiveAndFromHistory() throws Exception {
        put("/foo", "bar4");
        List<Event> got = new ArrayList<>();
        Watcher w = store.watch("/foo", false, false, 0, got::add);
        assertEquals(1, w.startIndex());
        put("/other", "x");
        assertTrue(got.isEmpty());
        put("/foo", "watched");
        assertEquals(1, got.size());
        assertEquals("watched", got.get(0).node().value());
        put("/foo", "again");
        assertEquals(1, got.size(), "a long-poll watcher fires once");

        List<Event> rec = new ArrayList<>();
        store.watch("/ref", true, false, 0, rec::add);
        put("/ref/sub/a", "A");
        assertEquals("/ref/sub/a", rec.get(0).node().key());

        List<Event> past = new ArrayList<>();
        store.watch("/ref/sub/a", false, false, 5, past::add);
        assertEquals(1, past.size(), "waitIndex in the past is answered from history");
        assertEquals(5, past.get(0).index());

        List<Event> hidden = new ArrayList<>();
        store.watch("/ref", true, false, 0, hidden::add);
        put("/ref/_h", "x");
        assertTrue(hidden.isEmpty(), "hidden keys do not wake recursive watchers above them");
        List<Event> direct = new ArrayList<>();
        store.watch("/ref/_h", false, false, 0, direct::add);
        put("/ref/_h", "y");
        assertEquals(1, direct.size());
    }

    @Test
    void deletingADirectoryWakesWatchersInside() throws Exception {
        put("/d/e/f", "1");
        List<Event> got = new ArrayList<>();
        store.watch("/d/e/f", false, false, 0, got::add);
        req(V2Request.Method.DELETE, "/d", "", false, "", 0, null, false, true, 0);
        assertEquals(1, got.size());
        assertEquals("/d", got.get(0).node().key());
        List<Event> late = new ArrayList<>();
        store.watch("/d/e/f", false, false, 2, late::add);
        assertEquals(1, late.size(), "history also matches a watch under a deleted dir");
    }

    @Test
    void streamWatchersGetEveryEventIncludingHistory() throws Exception {
        put("/s/a", "1");
        put("/s/b", "2");
        List<Event> got = new ArrayList<>();
        Watcher w = store.watch("/s", true, true, 1, got::add);
        assertEquals(2, got.size());
        for (int i = 0; i < 300; i++) {
            put("/s/k" + i, "v");
        }
        assertEquals(302, got.size(), "a stream watcher is never dropped");
        store.cancel(w);
        put("/s/z", "v");
        assertEquals(302, got.size());
        assertEquals(0, store.watcherCount());
    }

    @Test
    void historyWindowIsThousandEvents() throws Exception {
        for (int i = 0; i < 1001; i++) {
            put("/ref/fill/" + i, "v");
        }
        EtcdError err = fails(() -> store.watch("/ref", true, false, 1, e -> { }));
        assertEquals("{\"errorCode\":401,\"message\":\"The event in requested index is outdated and cleared\","
                + "\"cause\":\"the requested history has been cleared [2/1]\",\"index\":1001}\n", err.toJson());
        assertEquals(400, err.code().httpStatus);
        List<Event> got = new ArrayList<>();
        store.watch("/ref", true, false, 2, got::add);
        assertEquals(2, got.get(0).index());
    }

    @Test
    void refreshIsRecordedButNotSentToWatchers() throws Exception {
        req(V2Request.Method.PUT, "/t", "v", false, "", 0, null, false, false, NOW + 5_000_000_000L);
        List<Event> got = new ArrayList<>();
        store.watch("/t", false, false, 0, got::add);
        req(V2Request.Method.PUT, "/t", "", false, "", 0, true, true, false, NOW + 9_000_000_000L);
        assertTrue(got.isEmpty());
        assertEquals(2, store.index());
        put("/t", "w");
        assertEquals(1, got.size());
    }

    @Test
    void snapshotRoundTripKeepsTreeIndexTtlAndHistory() throws Exception {
        put("/a/b", "1");
        req(V2Request.Method.PUT, "/t", "v", false, "", 0, null, false, false, NOW + 5_000_000_000L);
        req(V2Request.Method.PUT, "/d", "", true, "", 0, null, false, false, 0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        store.writeSnapshot(new DataOutputStream(bytes));
        Store copy = new Store();
        List<Event> got = new ArrayList<>();
        copy.watch("/a/b", false, false, 0, got::add);
        copy.readSnapshot(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(store.get("/", true, true, NOW).toJson(false), copy.get("/", true, true, NOW).toJson(false));
        assertEquals(3, copy.index());
        assertEquals(NOW + 5_000_000_000L, copy.nextExpiry());
        List<Event> past = new ArrayList<>();
        copy.watch("/a", true, false, 1, past::add);
        assertEquals("/a/b", past.get(0).node().key());
        copy.apply(V2Request.put("/a/b", "2"), NOW);
        assertEquals(1, got.size(), "watchers registered before a snapshot load still fire");
    }

    @Test
    void keyPathCleaningMatchesGo() {
        assertEquals("/", KeyPath.clean(""));
        assertEquals("/", KeyPath.clean("/"));
        assertEquals("/a/b", KeyPath.clean("a//b/"));
        assertEquals("/b", KeyPath.clean("/a/../b"));
        assertEquals("/", KeyPath.clean("/../.."));
        assertEquals("/a/.b", KeyPath.clean("/a/./.b"));
    }

    @Test
    void rfc3339NanoTrimsZeros() {
        assertEquals("2026-11-22T06:10:40.47074684Z", EtcdJson.rfc3339Nano(1_795_327_840_470_746_840L));
        assertEquals("1970-01-01T00:00:01Z", EtcdJson.rfc3339Nano(1_000_000_000L));
        StringBuilder sb = new StringBuilder();
        EtcdJson.string(sb, "<\u2028\u0001\"\\\n");
        assertEquals("\"\\u003c\\u2028\\u0001\\\"\\\\\\n\"", sb.toString());
    }
}
