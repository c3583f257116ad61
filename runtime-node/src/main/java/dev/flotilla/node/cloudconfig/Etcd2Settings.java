package dev.flotilla.node.cloudconfig;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code coreos.etcd2}: the etcd 2 member settings, with etcd's flag names.
 *
 * @param initialCluster member name to its peer URLs, in file order ({@code a=http://x:2380,b=http://y:2380})
 * @param electionTimeoutMs {@code election-timeout} (or the 0.4 spelling {@code peer-election-timeout})
 * @param heartbeatIntervalMs {@code heartbeat-interval} (or {@code peer-heartbeat-interval})
 * @param tls the client and peer TLS files
 */
public record Etcd2Settings(
        Optional<String> name,
        Optional<String> dataDir,
        Optional<String> discovery,
        Optional<String> initialClusterToken,
        List<String> advertiseClientUrls,
        List<String> initialAdvertisePeerUrls,
        List<String> listenClientUrls,
        List<String> listenPeerUrls,
        Map<String, List<String>> initialCluster,
        Optional<ClusterState> initialClusterState,
        Optional<Integer> electionTimeoutMs,
        Optional<Integer> heartbeatIntervalMs,
        TlsSettings tls) {

    public Etcd2Settings {
        advertiseClientUrls = List.copyOf(advertiseClientUrls);
        initialAdvertisePeerUrls = List.copyOf(initialAdvertisePeerUrls);
        listenClientUrls = List.copyOf(listenClientUrls);
        listenPeerUrls = List.copyOf(listenPeerUrls);
        initialCluster = CollectionsUtil.copyOrdered(initialCluster);
    }
}
