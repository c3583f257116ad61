package dev.flotilla.node.cloudconfig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteFilesApplierTest {

    @TempDir
    Path tmp;

    private Path root() throws IOException {
        return Files.createDirectories(tmp.resolve("root"));
    }

    private static CloudConfig config(String yaml) {
        CloudConfigLoader.Result r = CloudConfigLoader.parse("cc.yaml",
                ("#cloud-config\n" + yaml).getBytes(StandardCharsets.UTF_8), Fixtures.ADDRESSES);
        if (!r.ok()) {
            throw new AssertionError(r.diagnostics().toString());
        }
        return r.config().orElseThrow();
    }

    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    private static String gzB64(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    @Test
    void writesTheFixtureFilesDecodedWithPermissions() throws IOException {
        Path root = root();
        WriteFilesApplier.Result r = WriteFilesApplier.apply(Fixtures.loadValid("valid/etcd2-static.yaml"), root);
        assertTrue(r.ok(), r.diagnostics()::toString);
        assertEquals(3, r.written().size());
        assertEquals("Welcome to alpha.\n", Files.readString(root.resolve("etc/flotilla/motd")));
        assertEquals("export ROLE=worker\n", Files.readString(root.resolve("etc/flotilla/role.env")), "b64");
        assertEquals("compressed hello\n", Files.readString(root.resolve("opt/flotilla/compressed.txt")), "gz+b64");
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(root.resolve("etc/flotilla/role.env"))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(root.resolve("etc/flotilla/motd"))), "default 0644");
        assertEquals(List.of("etc", "etc/flotilla", "etc/flotilla/motd", "etc/flotilla/role.env", "opt",
                "opt/flotilla", "opt/flotilla/compressed.txt"), tree(root), "no temporaries left behind");
    }

    @Test
    void allEncodingSpellingsAndModes() throws IOException {
        Path root = root();
        String b64 = Base64.getEncoder().encodeToString("plain b64\n".getBytes(StandardCharsets.UTF_8));
        CloudConfig c = config("write_files:\n"
                + "  - path: /a\n    encoding: base64\n    permissions: 0755\n    content: " + b64 + "\n"
                + "  - path: /b\n    encoding: gzip+base64\n    permissions: '0640'\n    content: |\n      "
                + gzB64("gz text\n") + "\n"
                + "  - path: /c\n    encoding: gzip\n    permissions: 400\n    content: \""
                + escapedGzip("raw gzip\n") + "\"\n"
                + "  - path: /d\n    content: \"$private_ipv4 and ${public_ipv4}\"\n");
        WriteFilesApplier.Result r = WriteFilesApplier.apply(c, root);
        assertTrue(r.ok(), r.diagnostics()::toString);
        assertEquals("plain b64\n", Files.readString(root.resolve("a")));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("a"))));
        assertEquals("gz text\n", Files.readString(root.resolve("b")));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("b"))));
        assertEquals("raw gzip\n", Files.readString(root.resolve("c")));
        assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("c"))));
        assertEquals("10.0.0.11 and 203.0.113.7", Files.readString(root.resolve("d")));
    }

    /** Raw gzip bytes as YAML \xNN escapes, the only way a gzip stream fits in a YAML string. */
    private static String escapedGzip(String text) throws IOException {
        byte[] raw = Base64.getDecoder().decode(gzB64(text));
        StringBuilder b = new StringBuilder();
        for (byte x : raw) {
            b.append(String.format("\\x%02x", x & 0xFF));
        }
        return b.toString();
    }

    @Test
    void replacesExistingFilesAndSymlinksWithoutFollowingThem() throws IOException {
        Path root = root();
        Path outside = Files.writeString(tmp.resolve("outside.txt"), "untouched");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/existing"), "old");
        Files.createSymbolicLink(root.resolve("etc/link"), outside);
        WriteFilesApplier.Result r = WriteFilesApplier.apply(config("write_files:\n"
                + "  - path: /etc/existing\n    content: new\n"
                + "  - path: /etc/link\n    content: replaced the link\n"), root);
        assertTrue(r.ok(), r.diagnostics()::toString);
        assertEquals("new", Files.readString(root.resolve("etc/existing")));
        assertFalse(Files.isSymbolicLink(root.resolve("etc/link")));
        assertEquals("replaced the link", Files.readString(root.resolve("etc/link")));
        assertEquals("untouched", Files.readString(outside));
    }

    @Test
    void aSymlinkedDirectoryLeadingOutsideIsRefusedAndNothingIsWritten() throws IOException {
        Path root = root();
        Path outsideDir = Files.createDirectories(tmp.resolve("outside"));
        Files.createSymbolicLink(root.resolve("etc"), outsideDir);
        WriteFilesApplier.Result r = WriteFilesApplier.apply(config("write_files:\n"
                + "  - path: /ok.txt\n    content: fine\n"
                + "  - path: /etc/passwd\n    content: owned\n"), root);
        assertFalse(r.ok());
        assertEquals(List.of("cc.yaml:5:11: error: write_files[1].path: the path \"/etc/passwd\" escapes the root "
                + "directory through the symbolic link etc"), r.diagnostics().stream().map(Diagnostic::format).toList());
        assertEquals(List.of("etc"), tree(root), "ok.txt was not written either");
        assertEquals(List.of(), tree(outsideDir));
    }

    @Test
    void aSymlinkedDirectoryInsideTheRootIsFollowed() throws IOException {
        Path root = root();
        Files.createDirectories(root.resolve("real/dir"));
        Files.createSymbolicLink(root.resolve("alias"), root.resolve("real"));
        WriteFilesApplier.Result r = WriteFilesApplier.apply(config("write_files:\n"
                + "  - path: /alias/dir/f.txt\n    content: via link\n"), root);
        assertTrue(r.ok(), r.diagnostics()::toString);
        assertEquals("via link", Files.readString(root.resolve("real/dir/f.txt")));
    }

    @Test
    void dotDotThatStaysInsideTheRootIsAllowed() throws IOException {
        Path root = root();
        WriteFilesApplier.Result r = WriteFilesApplier.apply(config("write_files:\n"
                + "  - path: /etc/../var/./x.txt\n    content: normalised\n"), root);
        assertTrue(r.ok(), r.diagnostics()::toString);
        assertEquals("normalised", Files.readString(root.resolve("var/x.txt")));
    }

    @Test
    void escapingFixtureIsRefusedAtLoadAndByTheApplier() throws IOException {
        CloudConfigLoader.Result loaded = Fixtures.load("invalid/write-files-escape.yaml");
        assertFalse(loaded.ok());
        // a WriteFile built by other code is checked again before writing
        CloudConfig forged = new CloudConfig("forged.yaml", java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), List.of(), List.of(
                        new WriteFile(0, "/fine.txt", "x", FileEncoding.NONE, java.util.Optional.empty(),
                                java.util.Optional.empty(), new Position(3, 11), new Position(4, 14)),
                        new WriteFile(1, "/../../escape.txt", "x", FileEncoding.NONE, java.util.Optional.empty(),
                                java.util.Optional.empty(), new Position(5, 11), new Position(6, 14))),
                List.of(), List.of());
        Path root = root();
        WriteFilesApplier.Result r = WriteFilesApplier.apply(forged, root);
        assertEquals(List.of("forged.yaml:5:11: error: write_files[1].path: the path \"/../../escape.txt\" escapes the "
                + "root directory through .."), r.diagnostics().stream().map(Diagnostic::format).toList());
        assertEquals(List.of(), tree(root));
        assertFalse(Files.exists(tmp.resolve("escape.txt")));
    }

    @Test
    void nothingIsWrittenWhenAnyEntryIsInvalid() throws IOException {
        Path root = root();
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/keep"), "original");
        // valid YAML, but the third file's base64 is broken: a warning at load, an error when applying
        CloudConfigLoader.Result loaded = CloudConfigLoader.parse("cc.yaml", ("#cloud-config\nwrite_files:\n"
                + "  - path: /etc/keep\n    content: changed\n"
                + "  - path: /new/dir/file\n    content: new\n"
                + "  - path: /etc/cert.pem\n    encoding: b64\n    content: ${ca_cert}\n")
                .getBytes(StandardCharsets.UTF_8), Fixtures.ADDRESSES);
        assertTrue(loaded.ok());
        assertEquals(List.of("cc.yaml:9:14: warning: write_files[2].content: content is not valid base64 (Illegal "
                + "base64 character 24); write_files cannot be applied until it is"),
                loaded.diagnostics().stream().map(Diagnostic::format).toList());
        WriteFilesApplier.Result r = WriteFilesApplier.apply(loaded.config().orElseThrow(), root);
        assertFalse(r.ok());
        assertEquals(List.of("cc.yaml:9:14: error: write_files[2].content: content is not valid base64 (Illegal "
                + "base64 character 24)"), r.diagnostics().stream().map(Diagnostic::format).toList());
        assertEquals(List.of(), r.written());
        assertEquals("original", Files.readString(root.resolve("etc/keep")));
        assertEquals(List.of("etc", "etc/keep"), tree(root));
    }

    @Test
    void aFileInTheWayOfADirectoryIsRefusedBeforeWriting() throws IOException {
        Path root = root();
        Files.writeString(root.resolve("etc"), "a file, not a directory");
        WriteFilesApplier.Result r = WriteFilesApplier.apply(config("write_files:\n"
                + "  - path: /first.txt\n    content: one\n"
                + "  - path: /etc/x.conf\n    content: two\n"), root);
        assertEquals(List.of("cc.yaml:5:11: error: write_files[1].path: cannot create \"/etc/x.conf\": etc is not a "
                + "directory"), r.diagnostics().stream().map(Diagnostic::format).toList());
        assertEquals(List.of("etc"), tree(root));
    }

    @Test
    void aFailedWriteRollsBackTemporariesAndCreatedDirectories() throws IOException {
        Path root = root();
        Files.writeString(root.resolve("keep.txt"), "original");
        int[] calls = {0};
        WriteFilesApplier.Result r = WriteFilesApplier.apply(config("write_files:\n"
                + "  - path: /keep.txt\n    content: changed\n"
                + "  - path: /fresh/dir/a.txt\n    content: one\n"
                + "  - path: /fresh/other/b.txt\n    content: two\n"), root, (temp, bytes) -> {
                    if (++calls[0] == 3) {
                        throw new IOException("No space left on device");
                    }
                    Files.write(temp, bytes);
                });
        assertEquals(List.of("cc.yaml:7:11: error: write_files[2].path: cannot write " + root.toRealPath()
                + "/fresh/other/b.txt: java.io.IOException: No space left on device"),
                r.diagnostics().stream().map(Diagnostic::format).toList());
        assertEquals(List.of("keep.txt"), tree(root), "temporaries and fresh/, fresh/dir, fresh/other removed");
        assertEquals("original", Files.readString(root.resolve("keep.txt")));
    }

    @Test
    void aFileWhereAnotherEntryNeedsADirectoryIsRefused() throws IOException {
        Path root = root();
        WriteFilesApplier.Result r = WriteFilesApplier.apply(config("write_files:\n"
                + "  - path: /x\n    content: a file\n"
                + "  - path: /x/y\n    content: under it\n"), root);
        assertEquals(List.of("cc.yaml:5:11: error: write_files[1].path: the path \"/x/y\" needs a directory where "
                + "write_files[0].path writes a file"), r.diagnostics().stream().map(Diagnostic::format).toList());
        assertEquals(List.of(), tree(root));
    }

    @Test
    void checkReportsWithoutWriting() throws IOException {
        Path root = root();
        WriteFilesApplier.Result r = WriteFilesApplier.check(Fixtures.loadValid("valid/etcd2-static.yaml"), root);
        assertTrue(r.ok());
        assertEquals(List.of(), tree(root));
        WriteFilesApplier.Result missing = WriteFilesApplier.check(Fixtures.loadValid("valid/etcd2-static.yaml"),
                tmp.resolve("absent"));
        assertEquals(List.of("etcd2-static.yaml: error: write_files: the root directory " + tmp.resolve("absent")
                + " does not exist or is unreadable"), missing.diagnostics().stream().map(Diagnostic::format).toList());
    }

    @Test
    void gzipBombIsRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 17; i++) {
                gz.write(zeros);
            }
        }
        String b64 = Base64.getEncoder().encodeToString(bytes.toByteArray());
        Path root = root();
        CloudConfigLoader.Result loaded = CloudConfigLoader.parse("cc.yaml", ("#cloud-config\nwrite_files:\n"
                + "  - path: /zeros\n    encoding: gz+b64\n    content: " + b64 + "\n")
                .getBytes(StandardCharsets.UTF_8), Fixtures.ADDRESSES);
        WriteFilesApplier.Result r = WriteFilesApplier.apply(loaded.config().orElseThrow(), root);
        assertEquals(List.of("cc.yaml:5:14: error: write_files[0].content: content inflates to more than 16777216 "
                + "bytes"), r.diagnostics().stream().map(Diagnostic::format).toList());
        assertEquals(List.of(), tree(root));
    }

    @Test
    void decodedBytesAreExact() throws Exception {
        byte[] binary = new byte[256];
        for (int i = 0; i < 256; i++) {
            binary[i] = (byte) i;
        }
        Path root = root();
        WriteFilesApplier.Result r = WriteFilesApplier.apply(config("write_files:\n  - path: /bin.dat\n"
                + "    encoding: b64\n    content: |\n      " + Base64.getMimeEncoder().encodeToString(binary)
                        .replace("\r\n", "\n      ") + "\n"), root);
        assertTrue(r.ok(), r.diagnostics()::toString);
        assertArrayEquals(binary, Files.readAllBytes(root.resolve("bin.dat")));
    }
}
