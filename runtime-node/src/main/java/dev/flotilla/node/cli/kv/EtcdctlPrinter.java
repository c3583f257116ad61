package dev.flotilla.node.cli.kv;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.flotilla.core.api.ApiJson;
import dev.flotilla.core.api.KeyNode;
import dev.flotilla.core.client.KeysResult;
import dev.flotilla.node.cli.GlobalOptions;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Prints key replies exactly as etcdctl (API v2) does in its three formats. The json format is etcdctl's
 * own, not the server's: its Go client re-encodes the reply, so every node has {@code key}, {@code value}
 * and {@code nodes} (null when absent), indexes come created-first, and {@code prevNode} is always present.
 */
final class EtcdctlPrinter {
    private final PrintWriter out;
    private final GlobalOptions.Output format;

    EtcdctlPrinter(PrintWriter out, GlobalOptions.Output format) {
        this.out = out;
        this.format = format;
    }

    /** etcdctl's printResponseKey. */
    void printResponseKey(KeysResult r) {
        KeyNode node = r.node();
        switch (format) {
            case extended -> {
                line("Key: " + nullToEmpty(node.key()));
                line("Created-Index: " + node.createdIndex());
                line("Modified-Index: " + node.modifiedIndex());
                if (r.prevNode() != null) {
                    line("PrevNode.Value: " + r.prevNode().valueOrEmpty());
                }
                line("TTL: " + node.ttl());
                line("Index: " + r.etcdIndex());
                if (!"delete".equals(r.action())) {
                    line("");
                    line(node.valueOrEmpty());
                }
            }
            case json -> line(json(r));
            default -> {
                if (!"delete".equals(r.action())) {
                    line(node.valueOrEmpty());
                } else {
                    line("PrevNode.Value: " + (r.prevNode() == null ? "" : r.prevNode().valueOrEmpty()));
                }
            }
        }
        out.flush();
    }

    /** etcdctl's ls: key names one a line (directories with "/" when asked), or the whole reply in json/extended. */
    void printLs(KeysResult r, boolean slashAfterDirs) {
        if (format.isJson() || format.isExtended()) {
            printResponseKey(r);
            return;
        }
        if (!r.node().dir()) {
            line(nullToEmpty(r.node().key()));
        }
        for (KeyNode child : r.node().children()) {
            printTree(child, slashAfterDirs);
        }
        out.flush();
    }

    private void printTree(KeyNode n, boolean slashAfterDirs) {
        line(n.dir() && slashAfterDirs ? n.key() + "/" : nullToEmpty(n.key()));
        for (KeyNode child : n.children()) {
            printTree(child, slashAfterDirs);
        }
    }

    void line(String s) {
        // etcdctl writes "\n" on every platform
        out.print(s);
        out.print('\n');
    }

    void flush() {
        out.flush();
    }

    static String json(KeysResult r) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = ApiJson.mapper().getFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("action", r.action());
            g.writeFieldName("node");
            writeNode(g, r.node());
            g.writeFieldName("prevNode");
            writeNode(g, r.prevNode());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void writeNode(JsonGenerator g, KeyNode n) throws IOException {
        if (n == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("key", nullToEmpty(n.key()));
        if (n.dir()) {
            g.writeBooleanField("dir", true);
        }
        g.writeStringField("value", n.valueOrEmpty());
        g.writeFieldName("nodes");
        if (n.nodes() == null) {
            g.writeNull();
        } else {
            g.writeStartArray();
            for (KeyNode c : n.nodes()) {
                writeNode(g, c);
            }
            g.writeEndArray();
        }
        g.writeNumberField("createdIndex", n.createdIndex());
        g.writeNumberField("modifiedIndex", n.modifiedIndex());
        if (n.expiration() != null) {
            g.writeStringField("expiration", n.expiration());
        }
        if (n.ttl() != 0) {
            g.writeNumberField("ttl", n.ttl());
        }
        g.writeEndObject();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
