package dev.flotilla.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class CloudConfigCommandTest {

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = FlotillaCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String fixture(String relative) throws URISyntaxException {
        return Path.of(CloudConfigCommandTest.class.getResource("/cloud-config/" + relative).toURI()).toString();
    }

    @Test
    void validFileExitsZeroWithASummary() throws Exception {
        String file = fixture("valid/etcd2-static.yaml");
        Run r = run("cloud-config", "validate", file, "--public-ipv4", "203.0.113.7", "--private-ipv4", "10.0.0.11");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals(file + ": valid (0 warnings); hostname alpha, etcd name alpha, 3 units, 3 files to write, "
                + "0 users, 0 SSH keys\n", r.out());
    }

    @Test
    void warningsArePrintedButStillExitZero() throws Exception {
        String file = fixture("valid/users-and-files.yaml");
        Run r = run("cloud-config", "validate", file);
        assertEquals(0, r.exit());
        String[] lines = r.out().split("\n");
        assertEquals(4, lines.length, r.out());
        assertEquals(file + ":23:3: warning: coreos.update: ignored: Flotilla does not act on coreos.update (OS "
                + "updates and reboots are not Flotilla's business)", lines[1]);
        assertEquals(file + ": valid (3 warnings); hostname files-01, etcd name (none), 1 unit, 2 files to write, "
                + "2 users, 1 SSH key", lines[3]);
    }

    @Test
    void invalidFileExitsOneWithFileLineColumn() throws Exception {
        String file = fixture("invalid/bad-enum.yaml");
        Run r = run("cloud-config", "validate", file);
        assertEquals(1, r.exit());
        assertEquals(file + ":12:28: error: coreos.etcd2.initial-cluster-state: expected \"new\" or \"existing\", got "
                + "\"bogus\"\n" + file + ": invalid: 1 error, 0 warnings\n", r.out());
    }

    @Test
    void missingFileExitsOne() {
        Path missing = tmp.resolve("nope.yaml");
        Run r = run("cloud-config", "validate", missing.toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().startsWith(missing + ": error: cannot read the file: no such file\n"), r.out());
    }

    @Test
    void writeFilesRootIsCheckedWithoutWriting() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(root.resolve("etc"), outside);
        String file = fixture("valid/etcd2-static.yaml");
        Run r = run("cloud-config", "validate", file, "--private-ipv4", "10.0.0.11", "--public-ipv4", "203.0.113.7",
                "--write-files-root", root.toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().startsWith(file + ":45:11: error: write_files[0].path: the path \"/etc/flotilla/motd\" "
                + "escapes the root directory through the symbolic link etc\n"), r.out());
        try (var s = Files.list(outside)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void missingArgumentIsAUsageError() throws IOException {
        Run r = run("cloud-config", "validate");
        assertEquals(ExitCodes.BAD_ARGS, r.exit());
        assertTrue(r.err().contains("Missing required parameter: 'FILE'"), r.err());
    }

    @Test
    void cloudConfigIsRegisteredAsAVerb() {
        Run r = run("help");
        assertTrue(r.out().contains("cloud-config"), r.out());
    }
}
