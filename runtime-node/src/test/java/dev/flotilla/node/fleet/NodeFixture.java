package dev.flotilla.node.fleet;

import dev.flotilla.node.engine.ModelRulesResolver;

import dev.flotilla.core.client.ClientConfig;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.node.cluster.Keyspace;
import dev.flotilla.node.cluster.Records;
import dev.flotilla.node.server.FlotillaNode;
import dev.flotilla.node.server.NodeConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real single-member Flotilla store in this JVM (Ratis + Jetty on loopback, data in a temp dir) with the fleet
 * and Flotilla API handlers mounted as the node mounts them.
 */
final class NodeFixture implements AutoCloseable {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final FlotillaNode node;
    final URI url;
    final KeysClient keys;

    private NodeFixture(FlotillaNode node, URI url, KeysClient keys) {
        this.node = node;
        this.url = url;
        this.keys = keys;
    }

    static NodeFixture start(Path dir, int pageSize) throws Exception {
        int client = freePort();
        int peer = freePort();
        NodeConfig c = new NodeConfig();
        c.name = "n1";
        c.dataDir = dir.resolve("n1.data").toFile();
        URI clientUrl = URI.create("http://127.0.0.1:" + client);
        URI peerUrl = URI.create("http://127.0.0.1:" + peer);
        c.listenClientUrls = List.of(clientUrl);
        c.advertiseClientUrls = List.of(clientUrl);
        c.listenPeerUrls = List.of(peerUrl);
        c.initialAdvertisePeerUrls = List.of(peerUrl);
        c.validate();
        FlotillaNode node = new FlotillaNode(c);
        node.start();
        KeysClient keys = KeysClient.create(ClientConfig.builder().endpoints(List.of(clientUrl))
                .requestTimeout(Duration.ofSeconds(5)).build());
        node.http().mount(FleetApiHandler.PREFIX + "/", new FleetApiHandler(keys, pageSize));
        node.http().mount(FlotillaApiHandler.PREFIX + "/", new FlotillaApiHandler(keys, new ModelRulesResolver()));
        NodeFixture f = new NodeFixture(node, clientUrl, keys);
        f.awaitStore();
        return f;
    }

    private void awaitStore() throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            try {
                keys.set("/_probe", "1");
                // the node registers its own secret once it has a leader (a write of its own); tests that compare
                // store indexes must not see it land in the middle
                node.store().get("/_auth/nodes/" + node.selfId(), false, false, 0);
                return;
            } catch (Exception e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("store did not accept a write within 30 s");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    record Reply(int status, String body, java.net.http.HttpHeaders headers) {}

    Reply send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(20));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), r.headers());
    }

    Reply get(String path) throws Exception {
        return send("GET", path, null);
    }

    /** A machine record as an agent writes it. */
    void machine(String id, String ip, Map<String, String> metadata) throws Exception {
        keys.set(Keyspace.machine(id), Records.write(new Records.Machine(id, ip, id, metadata,
                "http://" + ip + ":2379", "test", null, null, null)));
    }

    @Override
    public void close() {
        node.close();
    }
}
