package dev.flotilla.node.cloudconfig;

import java.util.List;
import java.util.Optional;

/**
 * {@code coreos.etcd}: the legacy etcd 0.4 settings, which name addresses ({@code host:port}) rather than URLs.
 * {@link NodeSettings#from(CloudConfig)} turns them into URLs when no {@code coreos.etcd2} section exists.
 *
 * @param addr the advertised client address
 * @param peerAddr the advertised peer address
 * @param bindAddr the listening client address (defaults to {@code addr})
 * @param peerBindAddr the listening peer address (defaults to {@code peerAddr})
 * @param peers peer addresses of existing members (no names, so not usable as an initial cluster)
 */
public record EtcdSettings(
        Optional<String> name,
        Optional<String> dataDir,
        Optional<String> discovery,
        Optional<String> addr,
        Optional<String> peerAddr,
        Optional<String> bindAddr,
        Optional<String> peerBindAddr,
        List<String> peers,
        Optional<Integer> peerElectionTimeoutMs,
        Optional<Integer> peerHeartbeatIntervalMs) {

    public EtcdSettings {
        peers = List.copyOf(peers);
    }
}
