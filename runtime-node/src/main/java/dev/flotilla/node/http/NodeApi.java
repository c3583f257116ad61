package dev.flotilla.node.http;

import dev.flotilla.node.raft.ApplyResult;
import dev.flotilla.node.raft.Command;
import dev.flotilla.node.raft.Member;
import dev.flotilla.node.store.Store;
import dev.flotilla.node.store.V2Request;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What the HTTP API needs from a running member (implemented by the node's lifecycle). */
public interface NodeApi {
    Store store();

    /** 16 hex digits. */
    String clusterId();

    /** This member's id (16 hex digits). */
    String selfId();

    /** The Raft index this member has applied (X-Raft-Index of reads). */
    long raftIndex();

    /** The current Raft term. */
    long raftTerm();

    /** Largest accepted value in bytes. */
    long maxValueBytes();

    /** How many watches one remote address may keep open at once. */
    default int maxWatchesPerClient() {
        return RequestLimits.DEFAULT_MAX_WATCHES_PER_CLIENT;
    }

    /** Replicates a write; completes once this member has applied it. */
    CompletableFuture<ApplyResult> write(V2Request request);

    /** Replicates a membership change; completes once this member has applied it. */
    CompletableFuture<ApplyResult> changeMembers(Command command);

    /** The leader's client URL when another member leads, else null (this member leads, or no leader yet). */
    String leaderClientUrl();

    /**
     * Replicates a write: on a follower, relayed to the leader with the other writes of the moment
     * ({@link dev.flotilla.node.raft.Relay}); completes once this member has applied it.
     */
    default CompletableFuture<ApplyResult> writeAnywhere(V2Request request) {
        return write(request);
    }

    /** Proposes a follower's relayed segment whole; completes once this member has applied it. */
    default CompletableFuture<Void> proposeRelayed(dev.flotilla.node.raft.Batch.Segment segment, int bytes) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("this node takes no relayed writes"));
    }

    /** Completes once this member has applied everything committed before the call. */
    CompletableFuture<Void> quorumRead();

    List<Member> members();

    /** The leader's id, or null during an election. */
    String leaderId();

    /** The id a member with these peer URLs gets. */
    String memberIdFor(List<String> peerUrls);

    /** etcd's /v2/stats/self body. */
    String selfStatsJson();

    /** etcd's /v2/stats/leader body, or null when this member is not the leader. */
    String leaderStatsJson();
}
