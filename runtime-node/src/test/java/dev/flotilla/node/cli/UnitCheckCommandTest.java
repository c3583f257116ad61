package dev.flotilla.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs {@code flotilla unit check} in-process through FlotillaCommand. */
class UnitCheckCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) { }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = FlotillaCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void validFileExitsZeroAndPrintsOnlyWarnings() throws IOException {
        Path ok = write("web@.service", "[Service]\nExecStart=/usr/bin/web\n\n[X-Fleet]\nConflicts=web@*.service\n"
                + "X-ConditionMachineMetadata=role=web\n");
        Run r = run("unit", "check", ok.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(ok + ":6:1: warning: [X-Fleet] X-ConditionMachineMetadata: X-ConditionMachineMetadata is "
                + "deprecated since fleet 0.8.0; use MachineMetadata=\n", r.out());
    }

    @Test
    void errorsArePrintedAsFileLineColumnAndExitOne() throws IOException {
        Path bad = write("agent.service", "[Service]\nExecStart=/usr/bin/agent\n\n[X-Fleet]\nGlobal=true\n"
                + "MachineOf=db.service\nRestart=always\n");
        Path good = write("db.service", "[Service]\nExecStart=/usr/bin/db\n");
        Run r = run("unit", "check", good.toString(), bad.toString());
        assertEquals(1, r.exit());
        List<String> lines = r.out().lines().toList();
        assertEquals(List.of(
                bad + ":6:11: error: [X-Fleet] MachineOf: Global=true cannot be used with MachineOf; only "
                        + "MachineMetadata and Conflicts may accompany Global=true (Global at line 5)",
                bad + ":7:1: error: [X-Fleet] Restart: unknown [X-Fleet] option Restart; fleet refuses the unit. "
                        + "Expected MachineID, MachineOf, MachineMetadata, Conflicts, Replaces, Global "
                        + "(Restart belongs in [Service])"), lines);
    }

    @Test
    void circularReplacesAcrossGivenFilesIsAnError() throws IOException {
        Path a = write("a.service", "[Service]\nExecStart=/bin/a\n[X-Fleet]\nReplaces=b.service\n");
        Path b = write("b.service", "[Service]\nExecStart=/bin/b\n[X-Fleet]\nReplaces=a.service\n");
        Run r = run("unit", "check", a.toString(), b.toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().contains(a + ":4:1: error: [X-Fleet] Replaces: circular Replaces"), r.out());
        assertTrue(r.out().contains(b + ":4:1: error: [X-Fleet] Replaces: circular Replaces"), r.out());
        assertEquals(0, run("unit", "check", a.toString()).exit());
    }

    @Test
    void jsonOutputForTools() throws IOException {
        Path f = write("x.service", "[Service]\nExecStart=/bin/sleep 100\nRestart=sometimes\n");
        Run r = run("unit", "check", "--output", "json", f.toString());
        assertEquals(1, r.exit());
        JsonNode arr = new ObjectMapper().readTree(r.out());
        assertEquals(1, arr.size());
        JsonNode o = arr.get(0);
        assertEquals("x.service", o.get("unit").asText());
        assertEquals(1, o.get("errors").asInt());
        assertEquals(40, o.get("hash").asText().length());
        JsonNode d = o.get("diagnostics").get(0);
        assertEquals(3, d.get("line").asInt());
        assertEquals(9, d.get("column").asInt());
        assertEquals("error", d.get("severity").asText());
        assertEquals("Service", d.get("section").asText());
        assertEquals("Restart", d.get("key").asText());
        assertTrue(d.get("message").asText().contains("expected no, on-success"));
    }

    @Test
    void printWritesTheFileBackByteForByte() throws IOException {
        byte[] original = ("# keep me  \r\n[Unit]\r\nDescription = spaced  \r\n[Service]\r\nExecStart=/bin/sh -c \\\r\n"
                + "  \"echo \u00e9\"\r\n\r\n[X-Fleet]\r\nGlobal=true").getBytes(StandardCharsets.UTF_8);
        byte[] withBadByte = new byte[original.length + 1];
        System.arraycopy(original, 0, withBadByte, 0, original.length);
        withBadByte[original.length] = (byte) 0xff;
        Path f = dir.resolve("p.service");
        Files.write(f, withBadByte);
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Run r;
        try {
            System.setOut(new PrintStream(captured, true));
            r = run("unit", "check", "--print", f.toString());
        } finally {
            System.setOut(saved);
        }
        assertArrayEquals(withBadByte, captured.toByteArray());
        assertEquals(1, r.exit()); // the stray byte is invalid UTF-8
        assertTrue(r.err().contains(f + ":9:12: error: [X-Fleet] Global: invalid UTF-8"), r.err());
    }

    @Test
    void unreadableFileAndUsageErrors() {
        Run r = run("unit", "check", dir.resolve("missing.service").toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().startsWith(dir.resolve("missing.service") + ":0:0: error: cannot read file"), r.out());
        assertEquals(ExitCodes.BAD_ARGS, run("unit", "check").exit(), "a usage error exits as every verb does");
    }
}
