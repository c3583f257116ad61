package dev.flotilla.ui.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.flotilla.core.unit.Diagnostic;
import dev.flotilla.core.unit.UnitEditException;
import dev.flotilla.ui.editor.model.UnitDocument;

/** The editor's one model: what both pages read and write, and the bytes saving writes. */
class UnitDocumentTest {

    static final byte[] WEB = Fixtures.unit("web-crlf.service");

    @Test
    void anOpenedFileIsWrittenBackByteForByteCrlfInvalidUtf8AndMissingNewlineIncluded() throws Exception {
        UnitDocument doc = new UnitDocument("web.service", WEB);
        assertArrayEquals(WEB, doc.bytes());
        assertFalse(doc.isDirty());
        List<String> failed = new ArrayList<>();
        List<Path> corpus = Fixtures.corpusUnits();
        long openNanos = 0;
        long editNanos = 0;
        long worstEdit = 0;
        for (Path p : corpus) {
            byte[] raw = Files.readAllBytes(p);
            long t0 = System.nanoTime();
            UnitDocument d = new UnitDocument(p.getFileName().toString(), raw);
            long t1 = System.nanoTime();
            if (!java.util.Arrays.equals(raw, d.bytes())) {
                failed.add(p.getFileName().toString());
            }
            // what one form edit costs: UnitFile edit, document update, reparse and check
            d.setValue("Unit", "Description", "edited");
            long t2 = System.nanoTime();
            openNanos += t1 - t0;
            editNanos += t2 - t1;
            worstEdit = Math.max(worstEdit, t2 - t1);
        }
        assertEquals(List.of(), failed, "corpus files that did not round-trip (of " + corpus.size() + ")");
        if (!corpus.isEmpty()) {
            System.out.printf("UnitDocument over %d corpus unit files: open+check avg %.0f us, form edit+recheck "
                    + "avg %.0f us, worst %.0f us%n", corpus.size(), openNanos / 1e3 / corpus.size(),
                    editNanos / 1e3 / corpus.size(), worstEdit / 1e3);
        }
    }

    @Test
    void typingAndTypingBackKeepsTheOriginalBytes() throws Exception {
        UnitDocument doc = new UnitDocument("web.service", WEB);
        int at = doc.document().get().indexOf("Restart=always");
        doc.document().replace(at, 0, "User=web\r\n");
        assertEquals(List.of("web"), doc.values("Service", "User"));
        assertTrue(doc.isDirty());
        doc.document().replace(at, "User=web\r\n".length(), "");
        // the invalid UTF-8 bytes of the last line survive because the text is the original's again
        assertArrayEquals(WEB, doc.bytes());
        assertFalse(doc.isDirty());
    }

    @Test
    void aFormEditChangesOnlyTheLineOfItsKey() throws Exception {
        UnitDocument doc = new UnitDocument("web.service", WEB);
        List<Integer> events = new ArrayList<>();
        doc.addListener(() -> events.add(1));
        doc.setValue("Unit", "Description", "Front end");
        byte[] expected = replace(WEB, "Description=Web front end   \r\n", "Description=Front end\r\n");
        assertArrayEquals(expected, doc.bytes());
        assertEquals("Front end", doc.value("Unit", "Description"));
        assertEquals(1, events.size(), "one change event for the source page");
        // the same value again is no edit at all
        doc.setValue("Unit", "Description", "Front end");
        assertEquals(1, events.size());
    }

    @Test
    void listEditsRewriteInPlaceAddAfterTheSectionAndRemove() throws Exception {
        UnitDocument doc = new UnitDocument("web.service", WEB);
        doc.setValues("Service", "ExecStart", List.of("/usr/bin/docker run --rm --name web nginx:1.28"));
        String text = doc.document().get();
        // the continued entry became one line; the comment inside it is kept after it
        assertTrue(text.contains("ExecStart=/usr/bin/docker run --rm --name web nginx:1.28\r\n    # the image\r\n"
                + "ExecStop="), text);
        doc.setValues("Service", "ExecStartPost", List.of("/bin/echo started"));
        assertTrue(doc.document().get().contains("RestartSec=5s\r\nExecStartPost=/bin/echo started\r\n\r\n[X-Fleet]"),
                doc.document().get());
        doc.setValues("Service", "ExecStartPre", List.of());
        assertFalse(doc.document().get().contains("ExecStartPre"));
        assertEquals(List.of("/usr/bin/docker run --rm --name web nginx:1.28"), doc.values("Service", "ExecStart"));
    }

    @Test
    void aRefusedEditChangesNothing() {
        UnitDocument doc = new UnitDocument("web.service", WEB);
        UnitEditException e = assertThrows(UnitEditException.class,
                () -> doc.setValue("Service", "User", "web\\"));
        assertTrue(e.getMessage().contains("backslash"), e.getMessage());
        assertArrayEquals(WEB, doc.bytes());
    }

    @Test
    void theModelsProblemsPointAtLineAndColumn() {
        UnitDocument doc = new UnitDocument("broken.service", Fixtures.unit("broken.service"));
        assertTrue(doc.hasErrors());
        Map<String, Integer> lineOf = new java.util.HashMap<>();
        for (Diagnostic d : doc.diagnostics()) {
            if (d.key() != null) {
                lineOf.putIfAbsent(d.key(), d.line());
            }
        }
        assertEquals(5, lineOf.get("Type"), doc.diagnostics().toString());
        assertEquals(6, lineOf.get("ExecStart"), doc.diagnostics().toString());
        assertEquals(7, lineOf.get("RestartSec"), doc.diagnostics().toString());
    }

    private static byte[] replace(byte[] in, String from, String to) {
        String latin = new String(in, StandardCharsets.ISO_8859_1);
        assertTrue(latin.contains(from));
        return latin.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }
}
