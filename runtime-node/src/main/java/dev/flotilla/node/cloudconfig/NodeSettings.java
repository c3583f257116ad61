package dev.flotilla.node.cloudconfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node's etcd-style flag values, as a cloud-config sets them. The node command builds one from its own flags
 * too and combines them with {@link #overriddenBy}: a flag given on the command line beats the cloud-config.
 *
 * @param dataDirHint the cloud-config's {@code data-dir}; a hint, since the node chooses its own layout below it
 * @param initialCluster member name to peer URLs, in order
 * @param metadata fleet machine metadata
 * @param publicIp the address fleet advertises for the machine
 */
public record NodeSettings(
        Optional<String> name,
        Optional<String> hostname,
        Optional<String> dataDirHint,
        List<String> listenClientUrls,
        List<String> advertiseClientUrls,
        List<String> listenPeerUrls,
        List<String> initialAdvertisePeerUrls,
        Map<String, List<String>> initialCluster,
        Optional<ClusterState> initialClusterState,
        Optional<String> initialClusterToken,
        Optional<String> discovery,
        Map<String, String> metadata,
        Optional<Integer> electionTimeoutMs,
        Optional<Integer> heartbeatIntervalMs,
        Optional<String> publicIp) {

    public NodeSettings {
        listenClientUrls = List.copyOf(listenClientUrls);
        advertiseClientUrls = List.copyOf(advertiseClientUrls);
        listenPeerUrls = List.copyOf(listenPeerUrls);
        initialAdvertisePeerUrls = List.copyOf(initialAdvertisePeerUrls);
        initialCluster = CollectionsUtil.copyOrdered(initialCluster);
        metadata = CollectionsUtil.copyOrdered(metadata);
    }

    public static NodeSettings empty() {
        return new NodeSettings(Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(),
                List.of(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Maps a loaded cloud-config: {@code coreos.etcd2} when present, else the legacy {@code coreos.etcd}, whose
     * {@code host:port} addresses become {@code http://} URLs (etcd 0.4 bound where it advertised unless told
     * otherwise); fleet's metadata and public IP; the hostname.
     */
    public static NodeSettings from(CloudConfig config) {
        FleetSettings fleet = config.fleet().orElse(null);
        Map<String, String> metadata = fleet == null ? Map.of() : fleet.metadata();
        Optional<String> publicIp = fleet == null ? Optional.empty() : fleet.publicIp();
        if (config.etcd2().isPresent()) {
            Etcd2Settings e = config.etcd2().get();
            return new NodeSettings(e.name(), config.hostname(), e.dataDir(), e.listenClientUrls(),
                    e.advertiseClientUrls(), e.listenPeerUrls(), e.initialAdvertisePeerUrls(), e.initialCluster(),
                    e.initialClusterState(), e.initialClusterToken(), e.discovery(), metadata, e.electionTimeoutMs(),
                    e.heartbeatIntervalMs(), publicIp);
        }
        if (config.etcd().isPresent()) {
            EtcdSettings e = config.etcd().get();
            List<String> advertiseClient = urls(e.addr());
            List<String> advertisePeer = urls(e.peerAddr());
            List<String> listenClient = e.bindAddr().isPresent()
                    ? urls(withPortOf(e.bindAddr(), e.addr())) : advertiseClient;
            List<String> listenPeer = e.peerBindAddr().isPresent()
                    ? urls(withPortOf(e.peerBindAddr(), e.peerAddr())) : advertisePeer;
            return new NodeSettings(e.name(), config.hostname(), e.dataDir(), listenClient, advertiseClient,
                    listenPeer, advertisePeer, Map.of(), Optional.empty(), Optional.empty(), e.discovery(), metadata,
                    e.peerElectionTimeoutMs(), e.peerHeartbeatIntervalMs(), publicIp);
        }
        return new NodeSettings(Optional.empty(), config.hostname(), Optional.empty(), List.of(), List.of(),
                List.of(), List.of(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), metadata,
                Optional.empty(), Optional.empty(), publicIp);
    }

    /** A bare bind host takes the port of the advertised address, as etcd 0.4 did. */
    private static Optional<String> withPortOf(Optional<String> bind, Optional<String> advertised) {
        return bind.map(b -> {
            int colon = advertised.map(a -> a.lastIndexOf(':')).orElse(-1);
            return b.contains(":") || colon < 0 ? b : b + advertised.get().substring(colon);
        });
    }

    private static List<String> urls(Optional<String> hostPort) {
        return hostPort.map(a -> a.contains("://") ? a : "http://" + a).map(List::of).orElse(List.of());
    }

    /**
     * Each value given in {@code flags} (present, or a non-empty list or map) replaces this one. The bootstrap
     * method is replaced as a whole: flags naming an initial cluster or a discovery URL drop both of the
     * cloud-config's, since etcd accepts only one of them.
     */
    public NodeSettings overriddenBy(NodeSettings flags) {
        boolean flagsBootstrap = !flags.initialCluster.isEmpty() || flags.discovery.isPresent();
        return new NodeSettings(
                flags.name.or(() -> name),
                flags.hostname.or(() -> hostname),
                flags.dataDirHint.or(() -> dataDirHint),
                pick(flags.listenClientUrls, listenClientUrls),
                pick(flags.advertiseClientUrls, advertiseClientUrls),
                pick(flags.listenPeerUrls, listenPeerUrls),
                pick(flags.initialAdvertisePeerUrls, initialAdvertisePeerUrls),
                flagsBootstrap ? flags.initialCluster : initialCluster,
                flags.initialClusterState.or(() -> initialClusterState),
                flags.initialClusterToken.or(() -> initialClusterToken),
                flagsBootstrap ? flags.discovery : discovery,
                flags.metadata.isEmpty() ? metadata : flags.metadata,
                flags.electionTimeoutMs.or(() -> electionTimeoutMs),
                flags.heartbeatIntervalMs.or(() -> heartbeatIntervalMs),
                flags.publicIp.or(() -> publicIp));
    }

    private static <T> List<T> pick(List<T> flag, List<T> config) {
        return flag.isEmpty() ? config : flag;
    }

    /** etcd's {@code --initial-cluster} text: {@code a=http://x:2380,b=http://y:2380}. */
    public String initialClusterFlag() {
        List<String> parts = new ArrayList<>();
        initialCluster.forEach((member, urls) -> urls.forEach(u -> parts.add(member + "=" + u)));
        return String.join(",", parts);
    }

    /** fleet's {@code --metadata} text: {@code k=v,k=v}. */
    public String metadataFlag() {
        List<String> parts = new ArrayList<>();
        new LinkedHashMap<>(metadata).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(",", parts);
    }
}
