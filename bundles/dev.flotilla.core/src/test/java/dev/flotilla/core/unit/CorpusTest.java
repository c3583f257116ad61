package dev.flotilla.core.unit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flotilla.core.unit.check.UnitChecker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every file of the shared public corpus ({@code <repo>/../shared/corpus/units}, present in CI beside the checkout):
 * all parse and write back byte for byte; the ones SOURCES.tsv marks invalid or doubtful give the diagnostics
 * below; all others have no error and a fleet hash.
 */
class CorpusTest {

    /** Expected diagnostics per corpus file whose SOURCES.tsv note says invalid, doubtful or "not a valid" name. */
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("chad-autry__nginx-combo__units__acme-response-watcher.service",
                "error@16:Global=true cannot be used with MachineOf | warning@11:did you mean ExecStartPost?");
        EXPECTED.put("chad-autry__nginx-combo__units__certificate-sync.service",
                "error@20:expected Key=value, found \"llchain.pem'\" | error@21:unknown [X-Fleet] option Restart"
                        + " | warning@23:section [X-Fleet] appears again");
        EXPECTED.put("chad-autry__nginx-combo__units__nginx-config-templater.service",
                "error@15:Global=true cannot be used with MachineOf");
        EXPECTED.put("chad-autry__nginx-combo__units__nginx-reload.path",
                "error@10:Global=true cannot be used with MachineOf");
        EXPECTED.put("karnauskas__up-service-files__neo4j@.service",
                "error@23:git merge-conflict marker | error@25:git merge-conflict marker"
                        + " | error@27:git merge-conflict marker");
        // doubtful: systemd logs "Unbalanced quoting, ignoring" and drops the ExecStart, so the service cannot run
        EXPECTED.put("andymotta__fleet-unit-files__monitoring__sysdig.service",
                "error@11:unbalanced quoting");
        // doubtful: released fleet reads "ram>=1024" as key "ram>" = "1024"; accepted, but not what was meant
        EXPECTED.put("coreos__fleet__functional__fixtures__units__metadata-op.service",
                "warning@5:fleet has no metadata operators");
        EXPECTED.put("coreos__init__systemd__system__dev-disk-by\\x2dlabel-OEM.device",
                "error@1:invalid character \"\\\" in unit name");
    }

    private static Path corpus() {
        Optional<Path> c = Fixtures.corpusUnits();
        assumeTrue(c.isPresent(), "shared corpus not present beside the checkout");
        return c.get();
    }

    private static Map<String, String> notes(Path corpus) throws IOException {
        Map<String, String> notes = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(corpus.resolve("SOURCES.tsv"), StandardCharsets.UTF_8);
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t");
            notes.put(f[0], f.length > 4 ? f[4] : "");
        }
        return notes;
    }

    @Test
    void expectationsCoverExactlyTheFilesSourcesMarksInvalidOrDoubtful() throws IOException {
        Map<String, String> notes = notes(corpus());
        TreeSet<String> marked = new TreeSet<>();
        notes.forEach((f, n) -> {
            if (n.startsWith("invalid:") || n.startsWith("doubtful:") || n.contains("not a valid fleet unit name")) {
                marked.add(f);
            }
        });
        assertEquals(marked, new TreeSet<>(EXPECTED.keySet()));
    }

    @Test
    void everyCorpusFileRoundTripsAndBehavesAsSourcesSays() throws IOException {
        Path corpus = corpus();
        Map<String, String> notes = notes(corpus);
        int checked = 0;
        for (String file : notes.keySet()) {
            byte[] bytes = Files.readAllBytes(corpus.resolve(file));
            String unitName = file.substring(file.lastIndexOf("__") + 2);
            UnitChecker.Result r = UnitChecker.check(file, unitName, bytes);
            assertArrayEquals(bytes, r.unit().toBytes(), file + " must write back byte for byte");
            String spec = EXPECTED.getOrDefault(file, "ok");
            Expectations.check(file, spec, r.diagnostics());
            if (!EXPECTED.containsKey(file)) {
                assertTrue(r.fleetHash().isPresent(), file + " should be readable by fleet and have a hash");
            }
            checked++;
        }
        assertEquals(notes.size(), checked);
        assertTrue(checked >= 100, "corpus unexpectedly small: " + checked);
    }
}
