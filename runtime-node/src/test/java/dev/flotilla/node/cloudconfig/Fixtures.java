package dev.flotilla.node.cloudconfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The project's own cloud-config fixtures, and the shared public corpus when it is next to the repository. */
final class Fixtures {

    static final Addresses ADDRESSES = Addresses.of("203.0.113.7", "10.0.0.11");

    private Fixtures() {
    }

    static Path resource(String relative) {
        URL url = Fixtures.class.getResource("/cloud-config/" + relative);
        if (url == null) {
            throw new IllegalStateException("missing test resource cloud-config/" + relative);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads a fixture naming it by its bare file name, so expected diagnostics read like the user sees them. */
    static CloudConfigLoader.Result load(String relative) {
        Path p = resource(relative);
        return CloudConfigLoader.parse(p.getFileName().toString(), bytes(p), ADDRESSES);
    }

    static CloudConfig loadValid(String relative) {
        CloudConfigLoader.Result r = load(relative);
        if (!r.ok()) {
            throw new AssertionError(relative + " should be valid but: " + r.diagnostics());
        }
        return r.config().orElseThrow();
    }

    /** {@code <repo-root>/../shared/corpus/cloud-config}, when present. */
    static Optional<Path> corpus() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            return Optional.empty();
        }
        Path corpus = dir.resolve("../shared/corpus/cloud-config").normalize();
        return Files.isRegularFile(corpus.resolve("SOURCES.tsv")) ? Optional.of(corpus) : Optional.empty();
    }
}
