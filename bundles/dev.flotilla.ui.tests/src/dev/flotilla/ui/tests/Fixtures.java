package dev.flotilla.ui.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The project's own unit file fixtures (resources/units/) and, when present, the shared corpus of real ones. */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] unit(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/units/" + name)) {
            if (in == null) {
                throw new IllegalStateException("fixture units/" + name + " is not on the test bundle's class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The corpus's unit files ({@code <repo-root>/../shared/corpus/units}), empty when it is not there. */
    static List<Path> corpusUnits() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("bundles"))) {
                Path corpus = dir.resolve("../shared/corpus/units").normalize();
                if (!Files.isDirectory(corpus)) {
                    return List.of();
                }
                try (Stream<Path> files = Files.list(corpus)) {
                    return files.filter(Files::isRegularFile).sorted().toList();
                }
            }
        }
        return List.of();
    }
}
