package dev.flotilla.node.cloudconfig;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a cloud-config's {@code write_files} under a root directory, all or nothing.
 *
 * <p>Every path is taken relative to the root ({@code /etc/motd} becomes {@code <root>/etc/motd}) and may never
 * leave it: {@code ..} that climbs above the root is refused, and so is any existing directory on the way that is
 * a symbolic link pointing outside the root. A file that is itself a symbolic link is replaced, never followed.
 *
 * <p>All entries are checked and decoded before anything is written; then each file is written to a temporary file
 * beside its target, given its permissions, and only when all temporaries exist are they renamed into place. If
 * writing a temporary fails, temporaries and directories created so far are removed, so the root is unchanged.
 * (Checks and writes are not atomic against another process changing the root at the same time.)
 */
public final class WriteFilesApplier {

    private WriteFilesApplier() {
    }

    /** The outcome: the files written (in order) or the problems that stopped anything from being written. */
    public record Result(List<Path> written, List<Diagnostic> diagnostics) {
        public Result {
            written = List.copyOf(written);
            diagnostics = List.copyOf(diagnostics);
        }

        public boolean ok() {
            return diagnostics.stream().noneMatch(Diagnostic::isError);
        }
    }

    private record Planned(WriteFile file, Path target, byte[] bytes, int mode) {
    }

    /** Writes a temporary file's bytes; a seam so tests can make a write fail after others succeeded. */
    @FunctionalInterface
    interface TempWriter {
        void write(Path temp, byte[] bytes) throws IOException;
    }

    /** File systems limit one name to 255 bytes; refusing longer ones up front keeps the commit phase clean. */
    private static final int MAX_NAME_BYTES = 255;

    /** {@code path} without {@code .}, empty segments and resolved {@code ..}; empty when it climbs above the root. */
    static Optional<String> normalizedRelative(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String seg : path.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                if (parts.isEmpty()) {
                    return Optional.empty();
                }
                parts.removeLast();
            } else {
                parts.addLast(seg);
            }
        }
        return Optional.of(String.join("/", parts));
    }

    /** What is wrong with a write_files path on its own (before looking at any directory), if anything. */
    static Optional<String> pathProblem(String path) {
        if (path.isBlank()) {
            return Optional.of("the path is empty");
        }
        if (path.indexOf('\0') >= 0) {
            return Optional.of("the path contains a NUL character");
        }
        if (path.endsWith("/")) {
            return Optional.of("the path " + Values.quote(path) + " names a directory; a file path is needed");
        }
        Optional<String> rel = normalizedRelative(path);
        if (rel.isEmpty()) {
            return Optional.of("the path " + Values.quote(path) + " escapes the root directory through ..");
        }
        if (rel.get().isEmpty()) {
            return Optional.of("the path " + Values.quote(path) + " is the root directory itself");
        }
        for (String seg : rel.get().split("/")) {
            if (seg.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                return Optional.of("the path " + Values.quote(path) + " has a name longer than " + MAX_NAME_BYTES
                        + " bytes");
            }
        }
        return Optional.empty();
    }

    /** Checks everything {@link #apply} would check, and writes nothing. */
    public static Result check(CloudConfig config, Path root) {
        Diagnostics d = new Diagnostics(config.source());
        plan(config, root, d);
        return new Result(List.of(), d.toList());
    }

    /** Writes all of {@code config.writeFiles()} under {@code root}, or none of them. */
    public static Result apply(CloudConfig config, Path root) {
        return apply(config, root, Files::write);
    }

    static Result apply(CloudConfig config, Path root, TempWriter writer) {
        Diagnostics d = new Diagnostics(config.source());
        List<Planned> plan = plan(config, root, d);
        if (d.hasErrors()) {
            return new Result(List.of(), d.toList());
        }
        return commit(plan, d, writer);
    }

    private static List<Planned> plan(CloudConfig config, Path root, Diagnostics d) {
        List<Planned> plan = new ArrayList<>();
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            d.error(Position.NONE, "write_files", "the root directory " + root + " does not exist or is unreadable");
            return plan;
        }
        if (!Files.isDirectory(realRoot)) {
            d.error(Position.NONE, "write_files", "the root " + root + " is not a directory");
            return plan;
        }
        for (WriteFile wf : config.writeFiles()) {
            Optional<String> problem = pathProblem(wf.path());
            if (problem.isPresent()) {
                d.error(wf.pathAt(), wf.keyPath("path"), problem.get());
                continue;
            }
            Optional<Path> target = resolveInside(realRoot, normalizedRelative(wf.path()).orElseThrow(), wf, d);
            byte[] bytes;
            try {
                bytes = wf.encoding().decode(wf.content());
            } catch (FileEncoding.DecodeException e) {
                d.error(wf.contentAt(), wf.keyPath("content"), e.getMessage());
                continue;
            }
            target.ifPresent(t -> plan.add(new Planned(wf, t, bytes,
                    wf.permissions().orElse(WriteFile.DEFAULT_PERMISSIONS))));
        }
        checkFileUnderFile(plan, d);
        return plan;
    }

    /** One entry writing {@code /x} and another {@code /x/y} cannot both succeed: refuse before writing either. */
    private static void checkFileUnderFile(List<Planned> plan, Diagnostics d) {
        for (Planned outer : plan) {
            for (Planned inner : plan) {
                if (inner != outer && inner.target().startsWith(outer.target())
                        && !inner.target().equals(outer.target())) {
                    d.error(inner.file().pathAt(), inner.file().keyPath("path"), "the path "
                            + Values.quote(inner.file().path()) + " needs a directory where "
                            + outer.file().keyPath("path") + " writes a file");
                }
            }
        }
    }

    /**
     * The target path, after checking each existing directory on the way: it must be a directory, and if it is a
     * symbolic link its real location must still be inside the root.
     */
    private static Optional<Path> resolveInside(Path realRoot, String relative, WriteFile wf, Diagnostics d) {
        String[] segs = relative.split("/");
        Path current = realRoot;
        for (int i = 0; i < segs.length; i++) {
            Path next = current.resolve(segs[i]);
            boolean last = i == segs.length - 1;
            if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                // the rest does not exist yet and will be created as plain directories
                return Optional.of(current.resolve(String.join("/", List.of(segs).subList(i, segs.length))));
            }
            if (last) {
                if (Files.isDirectory(next, LinkOption.NOFOLLOW_LINKS)) {
                    d.error(wf.pathAt(), wf.keyPath("path"), "the path " + Values.quote(wf.path())
                            + " is an existing directory under the root");
                    return Optional.empty();
                }
                return Optional.of(next); // an existing file, or a link that the rename replaces
            }
            if (Files.isSymbolicLink(next)) {
                Path real;
                try {
                    real = next.toRealPath();
                } catch (IOException e) {
                    d.error(wf.pathAt(), wf.keyPath("path"), "the directory " + realRoot.relativize(next)
                            + " is a dangling symbolic link");
                    return Optional.empty();
                }
                if (!real.startsWith(realRoot)) {
                    d.error(wf.pathAt(), wf.keyPath("path"), "the path " + Values.quote(wf.path())
                            + " escapes the root directory through the symbolic link " + realRoot.relativize(next));
                    return Optional.empty();
                }
                next = real;
            }
            if (!Files.isDirectory(next)) {
                d.error(wf.pathAt(), wf.keyPath("path"), "cannot create " + Values.quote(wf.path()) + ": "
                        + realRoot.relativize(next) + " is not a directory");
                return Optional.empty();
            }
            current = next;
        }
        return Optional.of(current);
    }

    private static Result commit(List<Planned> plan, Diagnostics d, TempWriter writer) {
        List<Path> createdDirs = new ArrayList<>();
        List<Path> temps = new ArrayList<>();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        for (Planned p : plan) {
            try {
                Path parent = p.target().getParent();
                createDirectories(parent, createdDirs);
                String name = p.target().getFileName().toString();
                String prefix = "." + (name.length() > 40 ? name.substring(0, 40) : name) + ".";
                Path tmp = Files.createTempFile(parent, prefix, ".flotilla-tmp");
                temps.add(tmp);
                writer.write(tmp, p.bytes());
                if (posix) {
                    setMode(tmp, p.mode());
                }
            } catch (IOException | UnsupportedOperationException e) {
                d.error(p.file().pathAt(), p.file().keyPath("path"), "cannot write " + p.target() + ": " + e);
                rollBack(temps, createdDirs);
                return new Result(List.of(), d.toList());
            }
        }
        List<Path> written = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            Planned p = plan.get(i);
            try {
                Files.move(temps.get(i), p.target(), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                written.add(p.target());
            } catch (IOException e) {
                // renames within one directory practically cannot fail once the temporary exists
                d.error(p.file().pathAt(), p.file().keyPath("path"), "cannot move into place " + p.target() + ": "
                        + e + " (" + written.size() + " earlier files were already written)");
                rollBack(temps.subList(i, temps.size()), List.of());
                return new Result(written, d.toList());
            }
        }
        if (!posix && plan.stream().anyMatch(p -> p.file().permissions().isPresent())) {
            d.warning(Position.NONE, "write_files", "this file system has no POSIX permissions; modes not applied");
        }
        return new Result(written, d.toList());
    }

    private static void createDirectories(Path dir, List<Path> created) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        createDirectories(dir.getParent(), created);
        Files.createDirectory(dir);
        created.add(dir);
    }

    /** Sets all 12 mode bits; NIO's PosixFilePermission has no setuid/setgid/sticky, the "unix" view does. */
    private static void setMode(Path file, int mode) throws IOException {
        if ((mode & 07000) != 0) {
            try {
                Files.setAttribute(file, "unix:mode", mode);
                return;
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                throw new IOException("cannot set mode " + Integer.toOctalString(mode)
                        + ": setuid, setgid and sticky bits are not supported here");
            }
        }
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE,
        };
        for (int bit = 0; bit < 9; bit++) {
            if ((mode & (0400 >> bit)) != 0) {
                perms.add(order[bit]);
            }
        }
        Files.setPosixFilePermissions(file, perms);
    }

    private static void rollBack(List<Path> temps, List<Path> createdDirs) {
        for (Path t : temps) {
            try {
                Files.deleteIfExists(t);
            } catch (IOException ignored) {
                // best effort: a leftover hidden temporary is harmless and named *.flotilla-tmp
            }
        }
        for (int i = createdDirs.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(createdDirs.get(i));
            } catch (DirectoryNotEmptyException ignored) {
                // something else wrote there meanwhile: leave it
            } catch (IOException ignored) {
                // best effort, as above
            }
        }
    }
}
