package dev.flotilla.node.raft;

import dev.flotilla.node.store.EtcdError;
import dev.flotilla.node.store.Event;

/**
 * The outcome of one applied command on this member, with the Raft index and term of its entry.
 *
 * @param event        the store event of a successful write, else null
 * @param error        the etcd error of a rejected write, else null
 * @param memberError  a rejected membership change: HTTP status and message, else null
 * @param member       the member a membership command created or changed, else null
 * @param raftIndex    index of the log entry
 * @param raftTerm     term of the log entry
 */
public record ApplyResult(Event event, EtcdError error, MemberError memberError, Member member, long raftIndex,
                          long raftTerm) {

    /** A membership change the registry refused, as etcd's {"message":...} with an HTTP status. */
    public record MemberError(int status, String message) {
    }
}
