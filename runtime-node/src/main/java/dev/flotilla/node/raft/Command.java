package dev.flotilla.node.raft;

import dev.flotilla.node.store.V2Request;
import java.util.List;

/** One replicated operation inside a log entry. Applying it is deterministic on every member. */
public sealed interface Command {

    /** An etcd v2 write. */
    record Write(V2Request request) implements Command {
    }

    /** Expire every TTL node whose expiry is at or before the entry's clock (proposed by the leader). */
    record Expire() implements Command {
    }

    /** The first entry of a cluster: its id and initial members (proposed once by the first leader). */
    record Bootstrap(String clusterId, List<Member> members) implements Command {
    }

    /** etcd's member add: a member known by its peer URLs, not started yet. */
    record AddMember(Member member) implements Command {
    }

    /** etcd's member remove. */
    record RemoveMember(String id) implements Command {
    }

    /** etcd's member update: new peer URLs. */
    record UpdateMember(String id, List<String> peerUrls) implements Command {
    }

    /** A started member publishes its name and client URLs (as etcd members do). */
    record Publish(String id, String name, List<String> clientUrls) implements Command {
    }
}
