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
 * The content of one Raft log entry: commands proposed together (group commit) by one member.
 *
 * @param origin   the proposing process (random per start), for routing results and de-duplication
 * @param firstSeq sequence number of the first command; the others follow one by one
 * @param now      the proposer's clock in epoch nanoseconds: the time every member applies the batch at
 * @param commands the commands, applied in order
 */
public record Batch(long origin, long firstSeq, long now, List<Command> commands) {
    private static final int FORMAT = 1;

    public byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + commands.size() * 64);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            out.writeLong(origin);
            out.writeLong(firstSeq);
            out.writeLong(now);
            out.writeInt(commands.size());
            for (Command c : commands) {
                write(out, c);
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
        if (format != FORMAT) {
            throw new IOException("unknown log entry format " + format);
        }
        long origin = in.readLong();
        long firstSeq = in.readLong();
        long now = in.readLong();
        int n = in.readInt();
        List<Command> commands = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            commands.add(read(in));
        }
        return new Batch(origin, firstSeq, now, commands);
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
