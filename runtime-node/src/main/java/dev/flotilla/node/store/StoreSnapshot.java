package dev.flotilla.node.store;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The binary snapshot form of the store: tree, store index and event history, versioned. */
final class StoreSnapshot {
    private static final int MAGIC = 0x464c5453; // "FLTS"
    private static final int VERSION = 1;

    record Loaded(StoreNode root, long index, List<Event> history) {
    }

    private StoreSnapshot() {
    }

    static void write(DataOutputStream out, StoreNode root, long index, List<Event> history) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(index);
        writeNode(out, root);
        out.writeInt(history.size());
        for (Event e : history) {
            writeString(out, e.action());
            writeView(out, e.node());
            out.writeBoolean(e.prevNode() != null);
            if (e.prevNode() != null) {
                writeView(out, e.prevNode());
            }
            out.writeLong(e.etcdIndex());
            out.writeBoolean(e.refresh());
        }
    }

    static Loaded read(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("not a Flotilla store snapshot (bad magic number)");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("unsupported store snapshot version " + version);
        }
        long index = in.readLong();
        StoreNode root = readNode(in, null, "/");
        int n = in.readInt();
        List<Event> history = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String action = readString(in);
            NodeView node = readView(in);
            NodeView prev = in.readBoolean() ? readView(in) : null;
            history.add(new Event(action, node, prev, in.readLong(), in.readBoolean()));
        }
        return new Loaded(root, index, history);
    }

    private static void writeNode(DataOutputStream out, StoreNode n) throws IOException {
        out.writeBoolean(n.isDir());
        if (!n.isDir()) {
            writeString(out, n.value);
        }
        out.writeLong(n.createdIndex);
        out.writeLong(n.modifiedIndex);
        out.writeLong(n.expireTime);
        if (n.isDir()) {
            out.writeInt(n.children.size());
            for (StoreNode c : n.children.values()) {
                writeString(out, c.name);
                writeNode(out, c);
            }
        }
    }

    private static StoreNode readNode(DataInputStream in, StoreNode parent, String path) throws IOException {
        boolean dir = in.readBoolean();
        String value = dir ? null : readString(in);
        long created = in.readLong();
        long modified = in.readLong();
        long expire = in.readLong();
        StoreNode n = dir ? StoreNode.dir(path, parent, created, expire)
                : StoreNode.file(path, parent, value, created, expire);
        n.modifiedIndex = modified;
        if (dir) {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String name = readString(in);
                String childPath = "/".equals(path) ? "/" + name : path + "/" + name;
                n.children.put(name, readNode(in, n, childPath));
            }
        }
        return n;
    }

    private static void writeView(DataOutputStream out, NodeView v) throws IOException {
        writeString(out, v.key());
        out.writeBoolean(v.value() != null);
        if (v.value() != null) {
            writeString(out, v.value());
        }
        out.writeBoolean(v.dir());
        out.writeLong(v.expireTime());
        out.writeLong(v.ttl());
        out.writeLong(v.modifiedIndex());
        out.writeLong(v.createdIndex());
    }

    private static NodeView readView(DataInputStream in) throws IOException {
        String key = readString(in);
        String value = in.readBoolean() ? readString(in) : null;
        return new NodeView(key, value, in.readBoolean(), in.readLong(), in.readLong(), in.readLong(),
                in.readLong(), null);
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0) {
            throw new IOException("corrupt snapshot: negative string length");
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
