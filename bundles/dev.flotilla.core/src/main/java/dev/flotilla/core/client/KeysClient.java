package dev.flotilla.core.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.flotilla.core.api.ApiJson;
import dev.flotilla.core.api.ApiMessage;
import dev.flotilla.core.api.EtcdError;
import dev.flotilla.core.api.Health;
import dev.flotilla.core.api.KeysResponse;
import dev.flotilla.core.api.LeaderStats;
import dev.flotilla.core.api.Member;
import dev.flotilla.core.api.MemberList;
import dev.flotilla.core.api.MemberRequest;
import dev.flotilla.core.api.SelfStats;
import dev.flotilla.core.api.StoreStats;
import dev.flotilla.core.api.Version;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The etcd v2 API as calls: keys (get, set, create, update, in-order create, delete, watch), members,
 * health, version and stats. Requests are built like etcd's Go client builds them.
 */
public final class KeysClient {
    private static final String KEYS = "/v2/keys";
    private static final String FORM = "application/x-www-form-urlencoded";

    private final HttpTransport transport;

    public KeysClient(HttpTransport transport) {
        this.transport = transport;
    }

    public static KeysClient create(ClientConfig config) throws ConfigException {
        return new KeysClient(HttpTransport.create(config));
    }

    public HttpTransport transport() {
        return transport;
    }

    // ---------------------------------------------------------------- keys

    public KeysResult get(String key, GetOptions o) throws ClientException {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("quorum", Boolean.toString(o.quorum()));
        q.put("recursive", Boolean.toString(o.recursive()));
        q.put("sorted", Boolean.toString(o.sorted()));
        return keys(new HttpTransport.Call("GET", keyPath(key) + "?" + UrlCodec.encodeForm(q), null, null,
                false, false));
    }

    public KeysResult get(String key) throws ClientException {
        return get(key, GetOptions.DEFAULT);
    }

    /** PUT: set a value (or make a directory), under the conditions of {@code o}. */
    public KeysResult set(String key, String value, SetOptions o) throws ClientException {
        Map<String, String> q = new LinkedHashMap<>();
        Map<String, String> form = new LinkedHashMap<>();
        if (o.dir()) {
            q.put("dir", "true");
        } else {
            if (o.prevValue() != null && !o.prevValue().isEmpty()) {
                q.put("prevValue", o.prevValue());
            }
            if (!o.refresh() || (value != null && !value.isEmpty())) {
                // a refresh carries no value (etcd refuses one with error 211)
                form.put("value", value == null ? "" : value);
            }
        }
        if (o.prevIndex() != 0) {
            q.put("prevIndex", Long.toString(o.prevIndex()));
        }
        if (o.prevExist() != null) {
            q.put("prevExist", o.prevExist().toString());
        }
        if (o.ttlSeconds() > 0) {
            form.put("ttl", Long.toString(o.ttlSeconds()));
        }
        if (o.refresh()) {
            form.put("refresh", "true");
        }
        String query = q.isEmpty() ? "" : "?" + UrlCodec.encodeForm(q);
        // a create (prevExist=false) must not be repeated on another member: the first may have applied it
        boolean oneShot = Boolean.FALSE.equals(o.prevExist());
        return keys(new HttpTransport.Call("PUT", keyPath(key) + query, FORM,
                UrlCodec.encodeForm(form).getBytes(StandardCharsets.UTF_8), oneShot, false));
    }

    public KeysResult set(String key, String value) throws ClientException {
        return set(key, value, SetOptions.DEFAULT);
    }

    /** Creates a key that must not exist yet (etcd action "create"). */
    public KeysResult create(String key, String value, long ttlSeconds) throws ClientException {
        return set(key, value, SetOptions.DEFAULT.withPrevExist(false).withTtl(ttlSeconds));
    }

    /** Changes a key that must exist (etcd action "update"). */
    public KeysResult update(String key, String value, long ttlSeconds) throws ClientException {
        return set(key, value, SetOptions.DEFAULT.withPrevExist(true).withTtl(ttlSeconds));
    }

    /** POST: a new key under {@code dir} named after the new index, zero-padded (a queue entry). */
    public KeysResult createInOrder(String dir, String value, long ttlSeconds) throws ClientException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("value", value == null ? "" : value);
        if (ttlSeconds > 0) {
            form.put("ttl", Long.toString(ttlSeconds));
        }
        return keys(new HttpTransport.Call("POST", keyPath(dir), FORM,
                UrlCodec.encodeForm(form).getBytes(StandardCharsets.UTF_8), true, false));
    }

    public KeysResult delete(String key, DeleteOptions o) throws ClientException {
        Map<String, String> q = new LinkedHashMap<>();
        if (o.prevValue() != null && !o.prevValue().isEmpty()) {
            q.put("prevValue", o.prevValue());
        }
        if (o.prevIndex() != 0) {
            q.put("prevIndex", Long.toString(o.prevIndex()));
        }
        if (o.dir()) {
            q.put("dir", "true");
        }
        if (o.recursive()) {
            q.put("recursive", "true");
        }
        String query = q.isEmpty() ? "" : "?" + UrlCodec.encodeForm(q);
        return keys(new HttpTransport.Call("DELETE", keyPath(key) + query, FORM, null, true, false));
    }

    /**
     * One long poll: waits for the first change of {@code key} (or below it, when recursive) at or after
     * {@code waitIndex}; 0 means "from now on". Returns the event.
     */
    public KeysResult waitFor(String key, boolean recursive, long waitIndex) throws ClientException {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("recursive", Boolean.toString(recursive));
        q.put("wait", "true");
        q.put("waitIndex", Long.toString(waitIndex));
        HttpTransport.Call call = new HttpTransport.Call("GET", keyPath(key) + "?" + UrlCodec.encodeForm(q),
                null, null, false, true);
        while (true) {
            HttpTransport.Reply r = transport.send(call);
            // an empty 200 means the server ended the poll without an event: poll again
            if ((r.status() == 200 || r.status() == 201) && r.body().isBlank()) {
                continue;
            }
            return keysResult(r);
        }
    }

    /** A stream of events of {@code key}, starting after {@code afterIndex} (0: from now on). */
    public Watcher watcher(String key, boolean recursive, long afterIndex) {
        return new Watcher(this, key, recursive, afterIndex > 0 ? afterIndex + 1 : 0);
    }

    /** Successive events of one key or subtree, each poll continuing after the previous event. */
    public static final class Watcher {
        private final KeysClient client;
        private final String key;
        private final boolean recursive;
        private long nextIndex;

        private Watcher(KeysClient client, String key, boolean recursive, long nextIndex) {
            this.client = client;
            this.key = key;
            this.recursive = recursive;
            this.nextIndex = nextIndex;
        }

        /** Blocks until the next event. */
        public KeysResult next() throws ClientException {
            KeysResult r = client.waitFor(key, recursive, nextIndex);
            nextIndex = r.node().modifiedIndex() + 1;
            return r;
        }

        public long nextIndex() {
            return nextIndex;
        }
    }

    // ---------------------------------------------------------------- members, health, stats

    public List<Member> members() throws ClientException {
        HttpTransport.Reply r = transport.send(HttpTransport.Call.get("/v2/members"));
        expect(r, 200, "list members");
        return read(r, MemberList.class).members();
    }

    /** The current raft leader, from {@code /v2/members/leader}. */
    public Member leader() throws ClientException {
        HttpTransport.Reply r = transport.send(HttpTransport.Call.get("/v2/members/leader"));
        expect(r, 200, "find the leader");
        return read(r, Member.class);
    }

    /** Announces a new member by its peer URLs; it gets an ID now and its name when it starts. */
    public Member addMember(List<String> peerURLs) throws ClientException {
        HttpTransport.Reply r = transport.send(new HttpTransport.Call("POST", "/v2/members", "application/json",
                ApiJson.write(new MemberRequest(peerURLs)).getBytes(StandardCharsets.UTF_8), true, false));
        expect(r, 201, "add a member");
        return read(r, Member.class);
    }

    public void removeMember(String id) throws ClientException {
        HttpTransport.Reply r = transport.send(new HttpTransport.Call("DELETE", "/v2/members/"
                + UrlCodec.escapePath(id), null, null, true, false));
        expect(r, 204, "remove member " + id);
    }

    public void updateMember(String id, List<String> peerURLs) throws ClientException {
        HttpTransport.Reply r = transport.send(new HttpTransport.Call("PUT", "/v2/members/"
                + UrlCodec.escapePath(id), "application/json",
                ApiJson.write(new MemberRequest(peerURLs)).getBytes(StandardCharsets.UTF_8), false, false));
        expect(r, 204, "update member " + id);
    }

    /** {@code GET /health} of exactly this endpoint (no failover: the point is to ask this member). */
    public Health health(URI endpoint) throws ClientException {
        HttpTransport.Reply r = transport.sendTo(endpoint, HttpTransport.Call.get("/health"));
        return read(r, Health.class);
    }

    public Version version() throws ClientException {
        HttpTransport.Reply r = transport.send(HttpTransport.Call.get("/version"));
        expect(r, 200, "read the version");
        return read(r, Version.class);
    }

    public SelfStats selfStats(URI endpoint) throws ClientException {
        HttpTransport.Reply r = transport.sendTo(endpoint, HttpTransport.Call.get("/v2/stats/self"));
        expect(r, 200, "read member stats");
        return read(r, SelfStats.class);
    }

    public LeaderStats leaderStats() throws ClientException {
        HttpTransport.Reply r = transport.send(HttpTransport.Call.get("/v2/stats/leader"));
        expect(r, 200, "read leader stats");
        return read(r, LeaderStats.class);
    }

    public StoreStats storeStats() throws ClientException {
        HttpTransport.Reply r = transport.send(HttpTransport.Call.get("/v2/stats/store"));
        expect(r, 200, "read store stats");
        return read(r, StoreStats.class);
    }

    // ---------------------------------------------------------------- plumbing

    static String keyPath(String key) {
        // the key is cleaned on its own, so ".." can never climb out of /v2/keys
        return KEYS + UrlCodec.escapePath(UrlCodec.cleanPath(key));
    }

    private KeysResult keys(HttpTransport.Call call) throws ClientException {
        return keysResult(transport.send(call));
    }

    private static KeysResult keysResult(HttpTransport.Reply r) throws ClientException {
        if (r.status() == 200 || r.status() == 201) {
            KeysResponse body = read(r, KeysResponse.class);
            if (body.node() == null) {
                throw notEtcd(r);
            }
            return new KeysResult(body, r.headerLong("X-Etcd-Index"), r.headerLong("X-Raft-Index"),
                    r.headerLong("X-Raft-Term"), r.header("X-Etcd-Cluster-Id").orElse(null), r.endpoint());
        }
        EtcdError err;
        try {
            err = ApiJson.mapper().readValue(r.body(), EtcdError.class);
        } catch (JsonProcessingException e) {
            throw notEtcd(r);
        }
        if (err.errorCode() == 0 && err.message() == null) {
            throw notEtcd(r);
        }
        throw new EtcdException(err, r.status(), r.endpoint());
    }

    private static void expect(HttpTransport.Reply r, int status, String what) throws ResponseException {
        if (r.status() == status) {
            return;
        }
        String msg = null;
        try {
            ApiMessage m = ApiJson.mapper().readValue(r.body(), ApiMessage.class);
            msg = m.message();
        } catch (JsonProcessingException e) {
            String b = r.body().strip();
            msg = b.isEmpty() || b.length() > 200 ? null : b;
        }
        throw new ResponseException("cannot " + what + " at " + r.endpoint() + ": HTTP " + r.status()
                + (msg == null ? "" : " " + msg), r.status(), r.endpoint(), msg);
    }

    private static <T> T read(HttpTransport.Reply r, Class<T> type) throws ResponseException {
        try {
            T v = ApiJson.mapper().readValue(r.body(), type);
            if (v == null) {
                throw notEtcd(r);
            }
            return v;
        } catch (JsonProcessingException e) {
            throw notEtcd(r);
        }
    }

    private static ResponseException notEtcd(HttpTransport.Reply r) {
        String b = r.body().strip();
        String snippet = b.length() > 80 ? b.substring(0, 80) + "..." : b;
        return new ResponseException(r.endpoint() + " answered HTTP " + r.status() + " with "
                + (b.isEmpty() ? "an empty body" : "'" + snippet + "'")
                + ", not etcd v2 JSON; is it an etcd v2 endpoint (etcd needs --enable-v2)?",
                r.status(), r.endpoint(), null);
    }
}
