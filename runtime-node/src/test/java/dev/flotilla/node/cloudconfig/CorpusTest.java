package dev.flotilla.node.cloudconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every public cloud-config in {@code ../shared/corpus/cloud-config/} is handled as its SOURCES.tsv says: a note
 * starting with "invalid" means it must be refused with a line and column; anything else must load without errors.
 * The corpus is public data kept outside the repository, so this runs only where it is present.
 */
class CorpusTest {

    private record Entry(String file, String note) {
        boolean invalid() {
            return note.startsWith("invalid");
        }
    }

    private static List<Entry> entries(Path corpus) throws IOException {
        List<Entry> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(corpus.resolve("SOURCES.tsv"));
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            out.add(new Entry(cols[0], cols[cols.length - 1].strip()));
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusFileIsHandledAsItsSourcesSay() throws IOException {
        Path corpus = Fixtures.corpus().orElse(null);
        Assumptions.assumeTrue(corpus != null, "../shared/corpus is not present next to the repository");
        List<Entry> entries = entries(corpus);
        assertTrue(entries.size() >= 10, "SOURCES.tsv lists the corpus");
        return entries.stream().map(e -> DynamicTest.dynamicTest((e.invalid() ? "refused: " : "loads: ") + e.file(),
                () -> {
                    Path file = corpus.resolve(e.file());
                    CloudConfigLoader.Result r = CloudConfigLoader.load(file, Fixtures.ADDRESSES);
                    if (e.invalid()) {
                        assertFalse(r.ok(), e.file() + " must be refused");
                        Diagnostic first = r.errors().get(0);
                        assertTrue(first.position().isKnown(), "error has a line and column: " + first);
                        assertTrue(first.format().startsWith(file + ":" + first.position().line() + ":"
                                + first.position().column() + ": error: "), first.format());
                    } else {
                        assertEquals(List.of(), r.errors(), e.file() + " must load");
                        assertTrue(r.config().isPresent());
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> corpusSpecificReadings() throws IOException {
        Path corpus = Fixtures.corpus().orElse(null);
        Assumptions.assumeTrue(corpus != null, "../shared/corpus is not present next to the repository");
        Set<String> listed = entries(corpus).stream().map(Entry::file).collect(Collectors.toSet());
        List<DynamicTest> tests = new ArrayList<>();
        String baremetal = "coreos__coreos-baremetal__examples__etcd-large__cloud__etcd1.yaml";
        if (listed.contains(baremetal)) {
            tests.add(DynamicTest.dynamicTest("static etcd2 cluster maps to node settings", () -> {
                CloudConfig c = CloudConfigLoader.load(corpus.resolve(baremetal), Fixtures.ADDRESSES)
                        .config().orElseThrow();
                NodeSettings s = NodeSettings.from(c);
                assertEquals("node1", s.name().orElseThrow());
                assertEquals(List.of("node1", "node2", "node3"), List.copyOf(s.initialCluster().keySet()));
                assertEquals(ClusterState.NEW, s.initialClusterState().orElseThrow());
            }));
        }
        String hyperv = "coreos__coreos-overlay__coreos-base__oem-hyperv__files__cloud-config.yml";
        if (listed.contains(hyperv)) {
            tests.add(DynamicTest.dynamicTest("an @@ build placeholder is refused where it stands", () -> {
                CloudConfigLoader.Result r = CloudConfigLoader.load(corpus.resolve(hyperv), Fixtures.ADDRESSES);
                Diagnostic d = r.errors().get(0);
                assertEquals(new Position(7, 19), d.position());
                assertTrue(d.message().contains("found character '@' that cannot start any token"), d.message());
            }));
        }
        Assumptions.assumeFalse(tests.isEmpty(), "the specific corpus files are not present");
        return tests.stream();
    }
}
