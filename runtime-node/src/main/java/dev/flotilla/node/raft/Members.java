package dev.flotilla.node.raft;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The replicated member registry behind /v2/members: the desired Raft membership (the leader reconciles the
 * Ratis configuration towards it) plus names and client URLs. Applied on the state machine thread; read
 * from any thread through copies.
 */
public final class Members {
    private final TreeMap<String, Member> byId = new TreeMap<>();
    private volatile String clusterId = "";
    private volatile List<Member> view = List.of();

    public String clusterId() {
        return clusterId;
    }

    public boolean bootstrapped() {
        return !clusterId.isEmpty();
    }

    /** Members ordered by id, as etcd lists them. */
    public List<Member> list() {
        return view;
    }

    public Member get(String id) {
        for (Member m : view) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        return null;
    }

    synchronized ApplyResult.MemberError apply(Command c) {
        if (c instanceof Command.Bootstrap b) {
            if (bootstrapped()) {
                return new ApplyResult.MemberError(409, "cluster is already bootstrapped");
            }
            for (Member m : b.members()) {
                byId.put(m.id(), m);
            }
            clusterId = b.clusterId();
        } else if (c instanceof Command.AddMember a) {
            if (byId.containsKey(a.member().id())) {
                return new ApplyResult.MemberError(409, "etcdserver: member ID already exist");
            }
            for (Member m : byId.values()) {
                for (String u : a.member().peerUrls()) {
                    if (m.peerUrls().contains(u)) {
                        return new ApplyResult.MemberError(409, "etcdserver: Peer URLs already exists");
                    }
                }
            }
            byId.put(a.member().id(), a.member());
        } else if (c instanceof Command.RemoveMember r) {
            if (byId.remove(r.id()) == null) {
                return new ApplyResult.MemberError(404, "No such member: " + r.id());
            }
        } else if (c instanceof Command.UpdateMember u) {
            Member m = byId.get(u.id());
            if (m == null) {
                return new ApplyResult.MemberError(404, "No such member: " + u.id());
            }
            byId.put(m.id(), new Member(m.id(), m.name(), u.peerUrls(), m.clientUrls()));
        } else if (c instanceof Command.Publish p) {
            Member m = byId.get(p.id());
            if (m == null) {
                return new ApplyResult.MemberError(404, "No such member: " + p.id());
            }
            byId.put(m.id(), new Member(m.id(), p.name(), m.peerUrls(), p.clientUrls()));
        } else {
            throw new IllegalArgumentException("not a membership command: " + c);
        }
        view = List.copyOf(byId.values());
        return null;
    }

    synchronized void write(DataOutputStream out) throws IOException {
        Batch.str(out, clusterId);
        out.writeInt(byId.size());
        for (Member m : byId.values()) {
            Batch.member(out, m);
        }
    }

    synchronized void read(DataInputStream in) throws IOException {
        String cid = Batch.str(in);
        int n = in.readInt();
        List<Member> loaded = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            loaded.add(Batch.member(in));
        }
        byId.clear();
        for (Member m : loaded) {
            byId.put(m.id(), m);
        }
        clusterId = cid;
        view = List.copyOf(byId.values());
    }
}
