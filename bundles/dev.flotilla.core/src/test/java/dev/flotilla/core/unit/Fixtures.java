package dev.flotilla.core.unit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Locates the project's own unit fixtures and, when present beside the checkout, the shared public corpus. */
public final class Fixtures {
    private Fixtures() { }

    public static Path unitsDir() {
        try {
            return Path.of(Fixtures.class.getResource("/units/EXPECT.tsv").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] bytes(String fixture) {
        try {
            return Files.readAllBytes(unitsDir().resolve(fixture));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static UnitFile unit(String fixture) {
        return UnitFile.parse(fixture, bytes(fixture));
    }

    /** {@code <repo-root>/../shared/corpus/units} when it exists; the repo root is found by walking up to mvnw. */
    public static Optional<Path> corpusUnits() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null || dir.getParent() == null) {
            return Optional.empty();
        }
        Path corpus = dir.getParent().resolve("shared/corpus/units");
        return Files.isDirectory(corpus) ? Optional.of(corpus) : Optional.empty();
    }
}
