package dev.flotilla.node.cloudconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class NodeSettingsTest {

    @Test
    void etcd2SectionMapsToFlags() {
        NodeSettings s = NodeSettings.from(Fixtures.loadValid("valid/etcd2-static.yaml"));
        assertEquals(Optional.of("alpha"), s.name());
        assertEquals(Optional.of("alpha"), s.hostname());
        assertEquals(Optional.of("/var/lib/flotilla/alpha"), s.dataDirHint());
        assertEquals(List.of("http://10.0.0.11:2380"), s.listenPeerUrls());
        assertEquals(List.of("http://0.0.0.0:2379", "http://0.0.0.0:4001"), s.listenClientUrls());
        assertEquals(List.of("http://203.0.113.7:2379"), s.advertiseClientUrls());
        assertEquals("alpha=http://10.0.0.11:2380,beta=http://10.0.0.12:2380,gamma=http://10.0.0.13:2380",
                s.initialClusterFlag());
        assertEquals(Optional.of(ClusterState.NEW), s.initialClusterState());
        assertEquals(Optional.of("flotilla-test"), s.initialClusterToken());
        assertEquals(Optional.empty(), s.discovery());
        assertEquals("region=eu-west,disk=ssd,role=worker", s.metadataFlag());
        assertEquals(Optional.of(1500), s.electionTimeoutMs());
        assertEquals(Optional.of(150), s.heartbeatIntervalMs());
        assertEquals(Optional.of("203.0.113.7"), s.publicIp());
    }

    @Test
    void legacyAddressesBecomeUrls() {
        NodeSettings s = NodeSettings.from(Fixtures.loadValid("valid/etcd-legacy-discovery.yaml"));
        assertEquals(Optional.of("legacy-1"), s.name());
        assertEquals(List.of("http://10.0.0.11:4001"), s.advertiseClientUrls());
        assertEquals(List.of("http://10.0.0.11:4001"), s.listenClientUrls(), "bind-addr defaults to addr");
        assertEquals(List.of("http://10.0.0.11:7001"), s.initialAdvertisePeerUrls());
        assertEquals(List.of("http://10.0.0.11:7001"), s.listenPeerUrls());
        assertEquals(Optional.of("https://discovery.example.com/3a4f0c2b9d"), s.discovery());
        assertEquals(Optional.of(2000), s.electionTimeoutMs());
    }

    @Test
    void bareLegacyBindHostTakesTheAdvertisedPort() {
        CloudConfig c = CloudConfigLoader.parse("t.yaml", ("#cloud-config\ncoreos:\n  etcd:\n    addr: 10.1.1.1:4001\n"
                + "    bind-addr: 0.0.0.0\n").getBytes(StandardCharsets.UTF_8), Addresses.NONE).config().orElseThrow();
        assertEquals(List.of("http://0.0.0.0:4001"), NodeSettings.from(c).listenClientUrls());
    }

    @Test
    void flagsOverrideTheCloudConfig() {
        NodeSettings fromFile = NodeSettings.from(Fixtures.loadValid("valid/etcd2-static.yaml"));
        NodeSettings flags = new NodeSettings(Optional.of("override"), Optional.empty(), Optional.empty(),
                List.of("http://127.0.0.1:12379"), List.of(), List.of(), List.of(), Map.of(), Optional.empty(),
                Optional.empty(), Optional.of("http://127.0.0.1:9999/abc"), Map.of(), Optional.empty(),
                Optional.of(200), Optional.empty());
        NodeSettings merged = fromFile.overriddenBy(flags);
        assertEquals(Optional.of("override"), merged.name());
        assertEquals(List.of("http://127.0.0.1:12379"), merged.listenClientUrls());
        assertEquals(List.of("http://10.0.0.11:2380"), merged.listenPeerUrls(), "not given as a flag: kept");
        assertEquals(Optional.of("http://127.0.0.1:9999/abc"), merged.discovery());
        assertEquals(Map.of(), merged.initialCluster(), "a discovery flag replaces the file's bootstrap method");
        assertEquals(Optional.of(1500), merged.electionTimeoutMs());
        assertEquals(Optional.of(200), merged.heartbeatIntervalMs());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("region", "eu-west");
        meta.put("disk", "ssd");
        meta.put("role", "worker");
        assertEquals(meta, merged.metadata());
        assertEquals(fromFile, fromFile.overriddenBy(NodeSettings.empty()), "no flags: the file's settings");
    }
}
