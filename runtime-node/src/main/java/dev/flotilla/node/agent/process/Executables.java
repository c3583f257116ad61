package dev.flotilla.node.agent.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the file a command line would execute, the way {@code execvp} does, so a missing program is reported
 * before anything is spawned. */
public final class Executables {
    private Executables() {
    }

    /**
     * @param program the first word of a command line
     * @param path    the {@code PATH} of the unit's environment (colon-separated), used when program has no slash
     * @param cwd     the working directory relative paths with a slash resolve against
     */
    public static Optional<Path> resolve(String program, String path, Path cwd) {
        if (program == null || program.isEmpty()) {
            return Optional.empty();
        }
        if (program.indexOf('/') >= 0) {
            Path p = cwd == null ? Path.of(program) : cwd.resolve(program);
            return isExecutableFile(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
        }
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, program);
            if (isExecutableFile(p)) {
                return Optional.of(p.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    private static boolean isExecutableFile(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }
}
