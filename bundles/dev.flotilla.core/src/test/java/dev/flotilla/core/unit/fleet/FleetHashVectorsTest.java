package dev.flotilla.core.unit.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flotilla.core.unit.Fixtures;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reference hashes of the project's fixtures, computed with go-systemd's own Deserialize + Serialize as vendored in
 * fleet v1.0 and SHA-1 (what fleet's UnitFile.Hash() does); "-" where go-systemd refuses the file. They pin the
 * emulation's quirks: CRLF endings, no final newline, continuation lines, comments inside a continuation.
 */
class FleetHashVectorsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '\t', value = {
        "web@.service\tfdbbaef20b2b96506dd8da10bd5d2a6eefd65779",
        "crlf.service\t8a012abf7acfc9eebd22a65d0e815e3f3f9a520f",
        "no-final-newline.service\te56b7fa76f89dbbff4ffae76c0b20d1f14f825d4",
        "container.service\t3cd1ef2687a8a0e193d7853824d7d79d5dd23303",
        "warnings.service\te2058393139a12d0ab8fc42dfe1c93f40e40dac3",
        "sidekick.service\t3b3866452a03095e014a7ce3b4e15417163a8b36",
        "bad-header.service\t6878774afbc86b5f77e7974e5a5b0823df4e53b1",
        "comment-in-continuation.service\t-",
        "stray-line.service\t-",
        "conflict-marker.service\t-",
    })
    void matchesGoSystemd(String fixture, String expected) {
        Optional<String> want = expected.equals("-") ? Optional.empty() : Optional.of(expected);
        assertEquals(want, FleetHash.of(Fixtures.bytes(fixture)));
    }
}
