package dev.flotilla.core.client;

import dev.flotilla.core.api.EtcdError;
import dev.flotilla.core.api.KeyNode;
import dev.flotilla.core.api.Member;
import dev.flotilla.testsupport.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The keys client against a real store (etcd 3.4 with --enable-v2 unless FLOTILLA_TEST_STORE says otherwise). */
class KeysClientTest {
    @TempDir
    static Path dir;
    static TestStore store;
    static KeysClient client;

    @BeforeAll
    static void start() throws Exception {
        store = TestStore.start(dir);
        client = KeysClient.create(ClientConfig.builder().endpoints(List.of(store.clientUrl())).build());
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void setThenGetThenOverwriteReportsThePreviousNode() throws Exception {
        KeysResult first = client.set("/kc/a", "one");
        assertEquals("set", first.action());
        assertEquals("one", first.node().value());
        assertNull(first.prevNode());
        assertTrue(first.etcdIndex() >= first.node().modifiedIndex());

        KeysResult second = client.set("/kc/a", "two & <three>");
        assertEquals("one", second.prevNode().value());
        assertEquals("two & <three>", client.get("/kc/a").node().value());
        assertEquals(store.clientUrl(), second.endpoint());
    }

    @Test
    void missingKeyIsEtcdError100NamingTheKey() {
        EtcdException e = assertThrows(EtcdException.class, () -> client.get("/kc/nope/deeper"));
        assertEquals(EtcdError.KEY_NOT_FOUND, e.errorCode());
        assertEquals(404, e.status());
        assertEquals("/kc", e.error().cause().substring(0, 3));
        assertTrue(e.getMessage().startsWith("100: Key not found (/kc"), e.getMessage());
    }

    @Test
    void createUpdateAndCompareAndSwapFollowTheirConditions() throws Exception {
        assertEquals("create", client.create("/kc/c", "v1", 0).action());
        EtcdException exists = assertThrows(EtcdException.class, () -> client.create("/kc/c", "again", 0));
        assertEquals(EtcdError.NODE_EXIST, exists.errorCode());
        assertEquals("update", client.update("/kc/c", "v2", 0).action());
        assertThrows(EtcdException.class, () -> client.update("/kc/never", "x", 0));

        EtcdException cmp = assertThrows(EtcdException.class,
                () -> client.set("/kc/c", "v3", SetOptions.DEFAULT.withPrevValue("wrong")));
        assertEquals(EtcdError.TEST_FAILED, cmp.errorCode());
        assertEquals("[wrong != v2]", cmp.error().cause());
        assertEquals("v2", client.get("/kc/c").node().value(), "a failed compare changes nothing");
        long idx = client.get("/kc/c").node().modifiedIndex();
        KeysResult swapped = client.set("/kc/c", "v3", SetOptions.DEFAULT.withPrevIndex(idx));
        assertEquals("compareAndSwap", swapped.action());
    }

    @Test
    void directoriesListSortedAndRecursively() throws Exception {
        client.set("/kc/tree/b/inner", "2");
        client.set("/kc/tree/a", "1");
        client.set(" /kc/tree/c".strip(), "3");
        client.set("/kc/tree/d", null, SetOptions.DEFAULT.withDir(true));
        KeysResult flat = client.get("/kc/tree", new GetOptions(false, true, false));
        assertTrue(flat.node().dir());
        List<String> keys = flat.node().children().stream().map(KeyNode::key).toList();
        assertEquals(List.of("/kc/tree/a", "/kc/tree/b", "/kc/tree/c", "/kc/tree/d"), keys);
        assertTrue(flat.node().children().get(1).children().isEmpty(), "not recursive: no grandchildren");

        KeysResult deep = client.get("/kc/tree", new GetOptions(true, true, true));
        assertEquals("2", deep.node().children().get(1).children().get(0).value());

        EtcdException notFile = assertThrows(EtcdException.class, () -> client.delete("/kc/tree", DeleteOptions.DEFAULT));
        assertEquals(EtcdError.NOT_FILE, notFile.errorCode());
        EtcdException notEmpty = assertThrows(EtcdException.class,
                () -> client.delete("/kc/tree", new DeleteOptions(null, 0, true, false)));
        assertEquals(EtcdError.DIR_NOT_EMPTY, notEmpty.errorCode());
        assertEquals("delete", client.delete("/kc/tree", new DeleteOptions(null, 0, true, true)).action());
        assertThrows(EtcdException.class, () -> client.get("/kc/tree"));
    }

    @Test
    void inOrderKeysAndTtl() throws Exception {
        KeysResult q1 = client.createInOrder("/kc/queue", "first", 0);
        KeysResult q2 = client.createInOrder("/kc/queue", "second", 0);
        assertEquals("create", q1.action());
        assertTrue(q1.node().key().compareTo(q2.node().key()) < 0);
        assertEquals(20, q1.node().key().substring("/kc/queue/".length()).length());

        KeysResult t = client.set("/kc/ttl", "x", SetOptions.DEFAULT.withTtl(60));
        assertTrue(t.node().ttl() > 0 && t.node().ttl() <= 60);
        assertNotNull(t.node().expiration());
    }

    @Test
    void compareAndDelete() throws Exception {
        client.set("/kc/del", "keep");
        EtcdException e = assertThrows(EtcdException.class,
                () -> client.delete("/kc/del", new DeleteOptions("other", 0, false, false)));
        assertEquals(EtcdError.TEST_FAILED, e.errorCode());
        KeysResult r = client.delete("/kc/del", new DeleteOptions("keep", 0, false, false));
        assertEquals("compareAndDelete", r.action());
        assertEquals("keep", r.prevNode().value());
    }

    @Test
    void watchWaitsLongerThanTheRequestTimeoutAndSeesTheNextChange() throws Exception {
        KeysClient shortTimeout = KeysClient.create(ClientConfig.builder().endpoints(List.of(store.clientUrl()))
                .requestTimeout(Duration.ofMillis(500)).totalTimeout(Duration.ofSeconds(1)).build());
        KeysClient.Watcher w = shortTimeout.watcher("/kc/w", true, 0);
        CompletableFuture<KeysResult> event = CompletableFuture.supplyAsync(() -> {
            try {
                return w.next();
            } catch (ClientException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(1500);
        assertFalse(event.isDone(), "nothing changed yet");
        client.set("/kc/w/x", "hello");
        KeysResult r = event.get(10, TimeUnit.SECONDS);
        assertEquals("set", r.action());
        assertEquals("/kc/w/x", r.node().key());
        assertEquals(r.node().modifiedIndex() + 1, w.nextIndex());
    }

    @Test
    void watchFromAPastIndexReplaysHistoryInOrder() throws Exception {
        KeysResult a = client.set("/kc/h", "1");
        client.set("/kc/h", "2");
        KeysClient.Watcher w = client.watcher("/kc/h", false, a.node().modifiedIndex() - 1);
        assertEquals("1", w.next().node().value());
        assertEquals("2", w.next().node().value());
    }

    @Test
    void membersLeaderAndHealth() throws Exception {
        List<Member> ms = client.members();
        assertFalse(ms.isEmpty());
        assertTrue(ms.stream().anyMatch(m -> m.clientURLs().contains(store.clientUrl().toString())));
        Member leader = client.leader();
        assertTrue(ms.stream().anyMatch(m -> m.id().equals(leader.id())));
        assertTrue(client.health(store.clientUrl()).healthy());
        assertNotNull(client.version().etcdserver());
        assertTrue(client.storeStats().setsSuccess() >= 0);
    }

    @Test
    void failsOverPastDeadEndpointsInOrder() throws Exception {
        int[] dead = TestStore.freePorts(2);
        URI d1 = URI.create("http://127.0.0.1:" + dead[0]);
        URI d2 = URI.create("http://127.0.0.1:" + dead[1]);
        KeysClient c = KeysClient.create(ClientConfig.builder().endpoints(List.of(d1, d2, store.clientUrl())).build());
        client.set("/kc/fo", "reached");
        KeysResult r = c.get("/kc/fo");
        assertEquals("reached", r.node().value());
        assertEquals(store.clientUrl(), r.endpoint());

        KeysClient none = KeysClient.create(ClientConfig.builder().endpoints(List.of(d1, d2)).build());
        UnavailableException e = assertThrows(UnavailableException.class, () -> none.get("/kc/fo"));
        assertEquals(List.of(d1, d2), e.failures().stream().map(UnavailableException.Failure::endpoint).toList());
        assertEquals("connection refused", e.failures().get(0).reason());
        assertTrue(e.getMessage().contains(d1.toString()) && e.getMessage().contains(d2.toString()), e.getMessage());
    }

    @Test
    void aServerThatIsNotEtcdV2IsNamedAsSuch() throws Exception {
        // etcd's /version answers JSON, but not a keys reply; asking for keys under it is a 404 without etcd JSON
        KeysClient c = KeysClient.create(ClientConfig.builder()
                .endpoints(List.of(URI.create(store.clientUrl() + "/nothing-here"))).build());
        ResponseException e = assertThrows(ResponseException.class, () -> c.get("/x"));
        assertTrue(e.getMessage().contains("not etcd v2 JSON"), e.getMessage());
    }
}
