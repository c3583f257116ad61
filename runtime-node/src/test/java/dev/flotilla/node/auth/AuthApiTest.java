package dev.flotilla.node.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.core.client.KeysClient;
import dev.flotilla.node.engine.ModelRulesResolver;
import dev.flotilla.node.fleet.FleetApiHandler;
import dev.flotilla.node.fleet.FlotillaApiHandler;
import dev.flotilla.node.server.FlotillaNode;
import dev.flotilla.node.server.NodeConfig;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcd v2 auth on a real in-process member with the fleet API mounted as a node mounts it: the auth API's replies,
 * and that a read-only user can read but neither write a key nor start a unit while an admin can.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthApiTest {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final String UNIT = "{\"desiredState\":\"launched\",\"options\":["
            + "{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/bin/touch /tmp/flotilla-auth-test\"}]}";

    @TempDir
    static Path dir;
    FlotillaNode node;
    URI url;

    record Reply(int status, String body) {
    }

    @BeforeAll
    void start() throws Exception {
        int client;
        int peer;
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            client = a.getLocalPort();
            peer = b.getLocalPort();
        }
        NodeConfig c = new NodeConfig();
        c.name = "n1";
        c.dataDir = dir.resolve("n1.data").toFile();
        url = URI.create("http://127.0.0.1:" + client);
        URI peerUrl = URI.create("http://127.0.0.1:" + peer);
        c.listenClientUrls = List.of(url);
        c.advertiseClientUrls = List.of(url);
        c.listenPeerUrls = List.of(peerUrl);
        c.initialAdvertisePeerUrls = List.of(peerUrl);
        node = new FlotillaNode(c);
        node.start();
        KeysClient internal = KeysClient.create(node.selfClient(List.of(url)).requestTimeout(Duration.ofSeconds(5))
                .build());
        node.http().mount(FleetApiHandler.PREFIX + "/", new FleetApiHandler(internal));
        node.http().mount(FlotillaApiHandler.PREFIX + "/", new FlotillaApiHandler(internal, new ModelRulesResolver()));
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (send("PUT", "/v2/keys/probe", null, "value=1").status() != 201 && System.nanoTime() < end) {
            Thread.sleep(100);
        }
    }

    @AfterAll
    void stop() {
        node.close();
    }

    Reply send(String method, String path, String user, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(20));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    user.getBytes(StandardCharsets.UTF_8)));
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", body.startsWith("{") ? "application/json" : "application/x-www-form-urlencoded");
            b.method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    static final String NO_AUTH_KEY = "{\"errorCode\":110,\"message\":\"The request requires user authentication\","
            + "\"cause\":\"Insufficient credentials\",\"index\":0}\n";

    @Test
    void readOnlyUserReadsButCannotWriteOrStartUnitsAdminCan() throws Exception {
        assertEquals(new Reply(200, "{\"enabled\":false}"), send("GET", "/v2/auth/enable", null, null));
        assertEquals(new Reply(409, "{\"message\":\"auth: No root user available, please create one\"}"),
                send("PUT", "/v2/auth/enable", null, null));
        assertEquals(new Reply(201, "{\"user\":\"root\",\"roles\":[\"root\"]}"),
                send("PUT", "/v2/auth/users/root", null, "{\"user\":\"root\",\"password\":\"rootpw\"}"));
        assertEquals(201, send("PUT", "/v2/auth/roles/viewer", null,
                "{\"role\":\"viewer\",\"permissions\":{\"kv\":{\"read\":[\"/*\"],\"write\":[]}}}").status());
        assertEquals(201, send("PUT", "/v2/auth/roles/admin", null,
                "{\"role\":\"admin\",\"permissions\":{\"kv\":{\"read\":[\"/*\"],\"write\":[\"/*\"]}}}").status());
        assertEquals(201, send("PUT", "/v2/auth/users/alice", null,
                "{\"user\":\"alice\",\"password\":\"alicepw\",\"roles\":[\"viewer\"]}").status());
        assertEquals(201, send("PUT", "/v2/auth/users/bob", null,
                "{\"user\":\"bob\",\"password\":\"bobpw\",\"roles\":[\"admin\"]}").status());
        assertEquals(200, send("PUT", "/v2/auth/enable", null, null).status());
        assertEquals(new Reply(200, "{\"enabled\":true}"), send("GET", "/v2/auth/enable", null, null));
        // etcd's guest role starts with full access; take it away so only credentials open anything
        assertEquals(new Reply(401, "{\"message\":\"Insufficient credentials\"}"), send("PUT", "/v2/auth/roles/guest",
                null, "{\"role\":\"guest\",\"revoke\":{\"kv\":{\"read\":[\"/*\"],\"write\":[\"/*\"]}}}"));
        assertEquals(new Reply(200, "{\"role\":\"guest\",\"permissions\":{\"kv\":{\"read\":[],\"write\":[]}}}"),
                send("PUT", "/v2/auth/roles/guest", "root:rootpw",
                        "{\"role\":\"guest\",\"revoke\":{\"kv\":{\"read\":[\"/*\"],\"write\":[\"/*\"]}}}"));

        assertEquals(201, send("PUT", "/v2/keys/app/k", "bob:bobpw", "value=v1").status());
        assertEquals(200, send("GET", "/v2/keys/app/k", "alice:alicepw", null).status());
        assertEquals(new Reply(401, NO_AUTH_KEY), send("PUT", "/v2/keys/app/k", "alice:alicepw", "value=v2"));
        assertEquals(new Reply(401, NO_AUTH_KEY), send("DELETE", "/v2/keys/app/k", "alice:alicepw", null));
        assertEquals(new Reply(401, NO_AUTH_KEY), send("GET", "/v2/keys/app/k", null, null));
        assertEquals(new Reply(401, NO_AUTH_KEY), send("GET", "/v2/keys/app/k", "alice:wrong", null));
        assertTrue(send("GET", "/v2/keys/app/k", "root:rootpw", null).body().contains("\"value\":\"v1\""));

        // the fleet API: reading is viewing, any change (submit, start, stop, destroy) is an admin's
        assertEquals(200, send("GET", "/fleet/v1/units", "alice:alicepw", null).status());
        assertEquals(new Reply(401, NO_AUTH_KEY), send("PUT", "/fleet/v1/units/t.service", "alice:alicepw", UNIT));
        assertEquals(new Reply(401, NO_AUTH_KEY), send("GET", "/fleet/v1/units", null, null));
        assertEquals(201, send("PUT", "/fleet/v1/units/t.service", "bob:bobpw", UNIT).status());
        assertEquals(new Reply(401, NO_AUTH_KEY), send("DELETE", "/fleet/v1/units/t.service", "alice:alicepw", null));
        assertEquals(204, send("DELETE", "/fleet/v1/units/t.service", "bob:bobpw", null).status());

        // only root manages auth; the stored data is out of the keys API's reach, and hashed
        assertEquals(new Reply(401, "{\"message\":\"Insufficient credentials\"}"),
                send("GET", "/v2/auth/users", "bob:bobpw", null));
        assertEquals(new Reply(401, NO_AUTH_KEY), send("GET", "/v2/keys/_auth/users/alice", "root:rootpw", null));
        String stored = node.store().get("/_auth/users/alice", false, false, 0).node().value();
        assertFalse(stored.contains("alicepw"), stored);
        assertTrue(stored.contains("pbkdf2-sha256$"), stored);
        Reply alice = send("GET", "/v2/auth/users/alice", "root:rootpw", null);
        assertEquals(new Reply(200, "{\"user\":\"alice\",\"roles\":[{\"role\":\"viewer\",\"permissions\":{\"kv\":"
                + "{\"read\":[\"/*\"],\"write\":[]}}}]}"), alice);
        assertEquals(new Reply(403, "{\"message\":\"auth: Cannot delete root user while auth is enabled.\"}"),
                send("DELETE", "/v2/auth/users/root", "root:rootpw", null));
        assertEquals(new Reply(403, "{\"message\":\"auth: Cannot modify role root: is root role.\"}"),
                send("PUT", "/v2/auth/roles/root", "root:rootpw", "{\"role\":\"root\"}"));
        assertEquals(new Reply(404, "{\"message\":\"auth: Role nope does not exist.\"}"),
                send("PUT", "/v2/auth/users/alice", "root:rootpw", "{\"user\":\"alice\",\"grant\":[\"nope\"]}"));
        // membership changes are root's too
        assertEquals(401, send("DELETE", "/v2/members/0123456789abcdef", "bob:bobpw", null).status());

        assertEquals(200, send("DELETE", "/v2/auth/enable", "root:rootpw", null).status());
        assertEquals(200, send("PUT", "/v2/keys/app/k", null, "value=open").status());
    }
}
