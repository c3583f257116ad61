package dev.flotilla.node.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flotilla.node.store.V2Request;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The log entry format: segments round-trip, and entries written before segments existed still read. */
class BatchTest {
    @Test
    void segmentsRoundTrip() throws IOException {
        Batch b = new Batch(42L, List.of(
                new Batch.Segment(10L, 5L, List.of(new Command.Write(V2Request.put("/a", "1")),
                        new Command.Write(V2Request.delete("/b")))),
                new Batch.Segment(11L, 1L, List.of(new Command.Expire()))));
        Batch back = Batch.decode(new ByteArrayInputStream(b.encode()));
        assertEquals(b, back);
        assertEquals(3, back.size());
        assertEquals(6L, back.segments().get(0).lastSeq());
    }

    @Test
    void entriesOfTheSingleProposerFormatStillRead() throws IOException {
        // format 1 as written by earlier versions: origin, firstSeq, now, count, commands
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
        out.writeLong(7L);
        out.writeLong(3L);
        out.writeLong(99L);
        out.writeInt(1);
        out.writeByte(1); // a write
        out.writeByte(V2Request.Method.PUT.ordinal());
        str(out, "/k");
        str(out, "v");
        out.writeBoolean(false);
        str(out, "");
        out.writeLong(0);
        out.writeByte(0);
        out.writeBoolean(false);
        out.writeBoolean(false);
        out.writeLong(0);
        Batch b = Batch.decode(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(99L, b.now());
        assertEquals(List.of(new Batch.Segment(7L, 3L, List.of(new Command.Write(V2Request.put("/k", "v"))))),
                b.segments());
    }

    @Test
    void relayedSegmentsCarryKeyWritesOnly() {
        byte[] membership = Relay.encode(new Batch.Segment(1L, 1L, List.of(new Command.RemoveMember("x"))));
        IOException e = assertThrows(IOException.class, () -> Relay.decode(membership));
        assertEquals("only key writes are relayed", e.getMessage());
        byte[] ok = Relay.encode(new Batch.Segment(1L, 1L, List.of(new Command.Write(V2Request.put("/a", "b")))));
        assertThrows(IOException.class, () -> Relay.decode(Relay.encode(new Batch.Segment(1L, 1L, List.of()))));
        byte[] trailing = java.util.Arrays.copyOf(ok, ok.length + 1);
        assertThrows(IOException.class, () -> Relay.decode(trailing));
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }
}
