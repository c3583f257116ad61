package dev.flotilla.node.raft;

import dev.flotilla.node.store.V2Request;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The content of one Raft log entry: commands proposed together (group commit), in segments. A segment is a run
 * of commands from one proposer with consecutive sequence numbers: the leader's own, or a follower's relayed
 * to the leader in one request ({@link Segment}). Every member applies the segments in order; the member whose
 * origin a segment carries completes its waiting requests when it applies them.
 *
 * @param now      the proposer's clock in epoch nanoseconds: the time every member applies the batch at
 * @param segments the commands, by proposer, applied in order
 */
public record Batch(long now, List<Segment> segments) {
    /** Format 1 (one segment) is still read: logs written before relaying stay readable. */
    private static final int FORMAT_SINGLE = 1;
    private static final int FORMAT_SEGMENTS = 2;

    /**
     * Commands of one proposer.
     *
     * @param origin   the proposing process (random per start and per path), for routing results and de-duplication
     * @param firstSeq sequence number of the first command; the others follow one by one
     * @param commands the commands, applied in order
     */
    public record Segment(long origin, long firstSeq, List<Command> commands) {
        public long lastSeq() {
            return firstSeq + commands.size() - 1;
        }
    }

    public Batch(long origin, long firstSeq, long now, List<Command> commands) {
        this(now, List.of(new Segment(origin, firstSeq, commands)));
    }

    /** Number of commands in all segments. */
    public int size() {
        int n = 0;
        for (Segment s : segments) {
            n += s.commands().size();
        }
        return n;
    }

    public byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + size() * 64);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT_SEGMENTS);
            out.writeLong(now);
            out.writeInt(segments.size());
            for (Segment s : segments) {
                writeSegment(out, s);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
    }

    public static Batch decode(InputStream input) throws IOException {
        DataInputStream in = new DataInputStream(input);
        int format = in.readUnsignedByte();
        if (format == FORMAT_SINGLE) {
            long origin = in.readLong();
            long firstSeq = in.readLong();
            long now = in.readLong();
            return new Batch(now, List.of(new Segment(origin, firstSeq, commands(in))));
        }
        if (format != FORMAT_SEGMENTS) {
            throw new IOException("unknown log entry format " + format);
        }
        long now = in.readLong();
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt log entry: negative segment count");
        }
        List<Segment> segments = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            segments.add(readSegment(in));
        }
        return new Batch(now, segments);
    }

    /** One segment on its own, as a follower relays it to the leader. */
    public static void writeSegment(DataOutputStream out, Segment s) throws IOException {
        out.writeLong(s.origin());
        out.writeLong(s.firstSeq());
        out.writeInt(s.commands().size());
        for (Command c : s.commands()) {
            write(out, c);
        }
    }

    public static Segment readSegment(DataInputStream in) throws IOException {
        long origin = in.readLong();
        long firstSeq = in.readLong();
        return new Segment(origin, firstSeq, commands(in));
    }

    private static List<Command> commands(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt log entry: negative command count");
        }
        List<Command> commands = new ArrayList<>(Math.min(n, 4096));
        for (int i = 0; i < n; i++) {
            commands.add(read(in));
        }
        return commands;
    }

    private static void write(DataOutputStream out, Command c) throws IOException {
        if (c instanceof Command.Write w) {
            V2Request r = w.request();
            out.writeByte(1);
            out.writeByte(r.method().ordinal());
            str(out, r.path());
            str(out, r.value());
            out.writeBoolean(r.dir());
            str(out, r.prevValue());
            out.writeLong(r.prevIndex());
            out.writeByte(r.prevExist() == null ? 0 : r.prevExist() ? 2 : 1);
            out.writeBoolean(r.refresh());
            out.writeBoolean(r.recursive());
            out.writeLong(r.expireTime());
        } else if (c instanceof Command.Expire) {
            out.writeByte(2);
        } else if (c instanceof Command.Bootstrap b) {
            out.writeByte(3);
            str(out, b.clusterId());
            out.writeInt(b.members().size());
            for (Member m : b.members()) {
                member(out, m);
            }
        } else if (c instanceof Command.AddMember a) {
            out.writeByte(4);
            member(out, a.member());
        } else if (c instanceof Command.RemoveMember r) {
            out.writeByte(5);
            str(out, r.id());
        } else if (c instanceof Command.UpdateMember u) {
            out.writeByte(6);
            str(out, u.id());
            list(out, u.peerUrls());
        } else if (c instanceof Command.Publish p) {
            out.writeByte(7);
            str(out, p.id());
            str(out, p.name());
            list(out, p.clientUrls());
        }
    }

    private static Command read(DataInputStream in) throws IOException {
        int type = in.readUnsignedByte();
        return switch (type) {
            case 1 -> {
                V2Request.Method m = V2Request.Method.values()[in.readUnsignedByte()];
                String path = str(in);
                String value = str(in);
                boolean dir = in.readBoolean();
                String prevValue = str(in);
                long prevIndex = in.readLong();
                int pe = in.readUnsignedByte();
                Boolean prevExist = pe == 0 ? null : pe == 2;
                boolean refresh = in.readBoolean();
                boolean recursive = in.readBoolean();
                long expire = in.readLong();
                yield new Command.Write(new V2Request(m, path, value, dir, prevValue, prevIndex, prevExist, refresh,
                        recursive, expire));
            }
            case 2 -> new Command.Expire();
            case 3 -> {
                String cluster = str(in);
                int n = in.readInt();
                List<Member> members = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    members.add(member(in));
                }
                yield new Command.Bootstrap(cluster, members);
            }
            case 4 -> new Command.AddMember(member(in));
            case 5 -> new Command.RemoveMember(str(in));
            case 6 -> new Command.UpdateMember(str(in), list(in));
            case 7 -> new Command.Publish(str(in), str(in), list(in));
            default -> throw new IOException("unknown command type " + type);
        };
    }

    static void member(DataOutputStream out, Member m) throws IOException {
        str(out, m.id());
        str(out, m.name());
        list(out, m.peerUrls());
        list(out, m.clientUrls());
    }

    static Member member(DataInputStream in) throws IOException {
        return new Member(str(in), str(in), list(in), list(in));
    }

    static void list(DataOutputStream out, List<String> l) throws IOException {
        out.writeInt(l.size());
        for (String s : l) {
            str(out, s);
        }
    }

    static List<String> list(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<String> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(str(in));
        }
        return l;
    }

    static void str(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String str(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt log entry: negative length");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
