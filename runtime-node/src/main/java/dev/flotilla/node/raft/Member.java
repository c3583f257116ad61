package dev.flotilla.node.raft;

import java.util.List;

/**
 * A cluster member as etcd's /v2/members shows it.
 *
 * @param id         16 hex digits, derived from the peer URLs (also the Ratis peer id)
 * @param name       empty until the member has started and published it
 * @param peerUrls   where peers reach it (host:port of the first is its Ratis address)
 * @param clientUrls where clients reach it, empty until published
 */
public record Member(String id, String name, List<String> peerUrls, List<String> clientUrls) {
    public Member {
        peerUrls = List.copyOf(peerUrls);
        clientUrls = List.copyOf(clientUrls);
    }
}
