package dev.flotilla.core.unit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnitFileTest {

    private static UnitFile parse(String text) {
        return UnitFile.parse("t.service", text);
    }

    private static List<String> lines(UnitFile f) {
        return List.of(f.toText().split("\n", -1));
    }

    @Test
    void unchangedInputWritesBackByteForByte() {
        for (String text : List.of("", "\n", "[Unit]", "[Unit]\r\nDescription=x  \r\n", "  [Unit]  \n\t Key = v \\\n",
                "\uFEFF[Unit]\nDescription=bom\n", "[A]\nK=v\r\nL=w\n", "# only a comment", "K=v\n[S]\n\n\n")) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(b, UnitFile.parse("t", b).toBytes(), text);
        }
        byte[] invalidUtf8 = {'[', 'U', ']', '\n', 'D', '=', (byte) 0xC3, (byte) 0x28, '\n'};
        UnitFile f = UnitFile.parse("t", invalidUtf8);
        assertArrayEquals(invalidUtf8, f.toBytes());
        Diagnostic d = f.syntaxDiagnostics().get(0);
        assertEquals(2, d.line());
        assertEquals(3, d.column());
        assertTrue(d.message().contains("invalid UTF-8"), d.message());
    }

    @Test
    void entriesAreStrippedAndKnowTheirPosition() {
        UnitFile f = parse("[Service]\n  ExecStart =  /bin/true  \n");
        Entry e = f.entries("Service").get(0);
        assertEquals("ExecStart", e.key());
        assertEquals("/bin/true", e.value());
        assertEquals(2, e.line());
        assertEquals(3, e.column());
        assertEquals(new Position(2, 16), e.valuePosition());
    }

    @Test
    void continuationJoinsLinesSkipsCommentsAndMapsPositions() {
        UnitFile f = parse("[Service]\nExecStart=/bin/sh -c \\\n# skipped\n; skipped too\n  \"echo a\" \\\n  b\nType=simple\n");
        Entry e = f.entries("Service", "ExecStart").get(0);
        assertEquals("/bin/sh -c    \"echo a\"    b", e.value());
        assertEquals(5, e.rawLines().size());
        assertEquals(2, e.line());
        assertEquals(6, e.lastLine());
        int quote = e.value().indexOf('"');
        assertEquals(new Position(5, 3), e.positionOf(quote));
        assertEquals(new Position(6, 3), e.positionOf(e.value().length() - 1));
        assertEquals(Optional.of("simple"), f.value("Service", "Type"));
        assertEquals(7, f.lastEntry("Service", "Type").orElseThrow().line());
    }

    @Test
    void commentLinesNeverContinueEvenWithTrailingBackslash() {
        UnitFile f = parse("[Service]\n# ExecStart=/bin/old \\\nExecStart=/bin/new\n");
        assertEquals(List.of("/bin/new"), f.values("Service", "ExecStart"));
    }

    @Test
    void repeatedKeysAreListsAndEmptyAssignmentResets() {
        UnitFile f = parse("[Unit]\nAfter=a.service\nAfter=b.service c.service\n[Service]\nX=1\n[Unit]\nAfter=\n"
                + "After=d.service\nDescription=one\nDescription=two\n");
        assertEquals(List.of("d.service"), f.values("Unit", "After"));
        assertEquals(4, f.entries("Unit", "After").size());
        assertEquals(Optional.of("two"), f.value("Unit", "Description"));
        assertEquals(List.of("Unit", "Service"), f.sectionNames());
        assertEquals(2, f.headers("Unit").size());
        UnitFile g = parse("[Unit]\nAfter=a.service\nAfter=b.service c.service\n");
        assertEquals(List.of("a.service", "b.service", "c.service"), UnitConfig.of(g).after());
    }

    @Test
    void setChangesOnlyThatLine() throws UnitEditException {
        String text = "# head\n[Unit]\nDescription = old value   \n\n[Service]\nExecStart=/bin/a \\\n  --x\nRestart=no\n";
        UnitFile f = parse(text);
        f.set("Unit", "Description", "new value");
        List<String> before = List.of(text.split("\n", -1));
        List<String> after = lines(f);
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            if (i == 2) {
                assertEquals("Description = new value", after.get(i));
            } else {
                assertEquals(before.get(i), after.get(i), "line " + (i + 1));
            }
        }
        assertEquals(Optional.of("new value"), parse(f.toText()).value("Unit", "Description"));
    }

    @Test
    void setOnContinuedEntryKeepsCommentsInsideIt() throws UnitEditException {
        UnitFile f = parse("[Service]\nExecStart=/bin/a \\\n# note\n  --x\nRestart=no\n");
        f.set("Service", "ExecStart", "/bin/b --y");
        assertEquals("[Service]\nExecStart=/bin/b --y\n# note\nRestart=no\n", f.toText());
    }

    @Test
    void addAppendsAfterTheSectionsLastEntryAndCreatesSections() throws UnitEditException {
        UnitFile f = parse("[Unit]\nDescription=x\n\n[Service]\nExecStart=/bin/a\n\n# trailing comment\n");
        f.add("Unit", "After", "net.target");
        f.add("X-Fleet", "Global", "true");
        assertEquals("[Unit]\nDescription=x\nAfter=net.target\n\n[Service]\nExecStart=/bin/a\n\n# trailing comment\n"
                + "\n[X-Fleet]\nGlobal=true\n", f.toText());
        assertEquals(List.of("net.target"), f.values("Unit", "After"));
        assertEquals(3, f.entries("Unit", "After").get(0).line());
    }

    @Test
    void editsKeepLineEndingStyleAndMissingFinalNewline() throws UnitEditException {
        UnitFile crlf = parse("[Unit]\r\nDescription=x\r\n");
        crlf.add("Unit", "After", "y.service");
        assertEquals("[Unit]\r\nDescription=x\r\nAfter=y.service\r\n", crlf.toText());
        UnitFile noNl = parse("[Unit]\nDescription=x");
        noNl.add("Unit", "After", "y.service");
        assertEquals("[Unit]\nDescription=x\nAfter=y.service", noNl.toText());
        noNl.remove("Unit", "After");
        assertEquals("[Unit]\nDescription=x", noNl.toText());
    }

    @Test
    void removeDropsEveryAssignment() {
        UnitFile f = parse("[X-Fleet]\nConflicts=a*\nMachineOf=b\nConflicts=c*\n");
        assertEquals(2, f.remove("X-Fleet", "Conflicts"));
        assertEquals("[X-Fleet]\nMachineOf=b\n", f.toText());
    }

    @Test
    void rejectedEditsChangeNothing() {
        String text = "[Unit]\nDescription=x\n";
        UnitFile f = parse(text);
        assertThrows(UnitEditException.class, () -> f.set("Unit", "Description", "two\nlines"));
        assertThrows(UnitEditException.class, () -> f.set("Unit", "Bad=Key", "v"));
        assertThrows(UnitEditException.class, () -> f.set("Unit", "Description", "ends in \\"));
        assertThrows(UnitEditException.class, () -> f.add("Bad]Section", "K", "v"));
        assertThrows(UnitEditException.class, () -> f.set("Unit", "", "v"));
        Entry stale = f.entries().get(0);
        assertThrows(UnitEditException.class, () -> {
            f.setEntry(stale, "y");
            f.setEntry(stale, "z");
        });
        assertEquals("[Unit]\nDescription=y\n", f.toText());
    }

    @Test
    void invalidLinesAreKeptAndReported() {
        UnitFile f = parse("[Unit\nDescription=x\n[Service]\nnot a pair\n=nokey\n");
        assertEquals("[Unit\nDescription=x\n[Service]\nnot a pair\n=nokey\n", f.toText());
        List<Diagnostic> ds = f.syntaxDiagnostics();
        assertEquals(List.of(1, 2, 4, 5), ds.stream().map(Diagnostic::line).toList());
        assertTrue(ds.get(0).isError());
        assertFalse(ds.get(1).isError());
        assertTrue(ds.get(3).message().contains("missing key"));
    }
}
