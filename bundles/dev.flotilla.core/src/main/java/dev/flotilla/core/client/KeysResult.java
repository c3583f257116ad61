package dev.flotilla.core.client;

import dev.flotilla.core.api.KeyNode;
import dev.flotilla.core.api.KeysResponse;

import java.net.URI;

/**
 * A successful keys reply: the JSON body plus what etcd says in its headers.
 *
 * @param response  the body
 * @param etcdIndex {@code X-Etcd-Index}: the store index when the request was served (for a watch: when it began)
 * @param raftIndex {@code X-Raft-Index}, 0 when absent
 * @param raftTerm  {@code X-Raft-Term}, 0 when absent
 * @param clusterId {@code X-Etcd-Cluster-Id}, or null
 * @param endpoint  the endpoint that answered
 */
public record KeysResult(KeysResponse response, long etcdIndex, long raftIndex, long raftTerm, String clusterId,
                         URI endpoint) {
    public String action() {
        return response.action();
    }

    public KeyNode node() {
        return response.node();
    }

    public KeyNode prevNode() {
        return response.prevNode();
    }
}
