package dev.flotilla.core.unit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flotilla.core.unit.check.UnitChecker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The project's own unit files (src/test/resources/units) with the diagnostics listed in EXPECT.tsv. */
class UnitFixturesTest {

    static Stream<Arguments> expectations() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String line : Files.readAllLines(Fixtures.unitsDir().resolve("EXPECT.tsv"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", 2);
            out.add(Arguments.of(f[0], f[1]));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expectations")
    void fixtureGivesExpectedDiagnosticsAndRoundTrips(String file, String spec) {
        byte[] bytes = Fixtures.bytes(file);
        UnitChecker.Result r = UnitChecker.check(file, file, bytes);
        Expectations.check(file, spec, r.diagnostics());
        assertArrayEquals(bytes, r.unit().toBytes(), file + " must write back byte for byte");
    }

    @Test
    void everyFixtureHasAnExpectation() throws IOException {
        TreeSet<String> listed = new TreeSet<>();
        expectations().forEach(a -> listed.add((String) a.get()[0]));
        TreeSet<String> present = new TreeSet<>();
        try (Stream<Path> s = Files.list(Fixtures.unitsDir())) {
            s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("EXPECT.tsv")).forEach(present::add);
        }
        assertEquals(present, listed);
    }
}
