package dev.flotilla.node.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The journals of one machine, one directory per unit under a root (normally {@code <data-dir>/journal}).
 * Journals are opened lazily and stay open until {@link #close()}.
 */
public final class Journals implements AutoCloseable {

    /** Default size of one segment file. */
    public static final long DEFAULT_SEGMENT_BYTES = 1 << 20;
    /** Default number of segment files kept per unit (so about 4 MiB per unit). */
    public static final int DEFAULT_SEGMENTS = 4;

    // systemd unit names: letters, digits, ":-_.\" and "@" for templates; no "/" so a name is always one directory.
    private static final Pattern UNIT_NAME = Pattern.compile("[A-Za-z0-9:_.@\\\\-]{1,255}");

    private final Path root;
    private final long segmentBytes;
    private final int segments;
    private final Map<String, Journal> open = new ConcurrentHashMap<>();

    public Journals(Path root) {
        this(root, DEFAULT_SEGMENT_BYTES, DEFAULT_SEGMENTS);
    }

    public Journals(Path root, long segmentBytes, int segments) {
        this.root = root;
        this.segmentBytes = segmentBytes;
        this.segments = segments;
    }

    /** Whether {@code unit} is a name a journal can have; {@link #journal} rejects any other. */
    public static boolean isValidUnitName(String unit) {
        return unit != null && UNIT_NAME.matcher(unit).matches() && !unit.equals(".") && !unit.equals("..");
    }

    /** The journal of {@code unit}, created when missing. */
    public Journal journal(String unit) {
        if (!isValidUnitName(unit)) {
            throw new IllegalArgumentException("invalid unit name for a journal: '" + unit
                    + "' (allowed: letters, digits, ':', '_', '.', '@', '\\', '-')");
        }
        return open.computeIfAbsent(unit, u -> {
            try {
                return new Journal(u, root.resolve(u), segmentBytes, segments);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open journal of " + u + " under " + root, e);
            }
        });
    }

    /** The journal of {@code unit} if one was ever written on this machine (open or on disk). */
    public Optional<Journal> existing(String unit) {
        if (!isValidUnitName(unit)) {
            return Optional.empty();
        }
        Journal j = open.get(unit);
        if (j != null) {
            return Optional.of(j);
        }
        return Files.isDirectory(root.resolve(unit)) ? Optional.of(journal(unit)) : Optional.empty();
    }

    @Override
    public void close() {
        open.values().forEach(Journal::close);
        open.clear();
    }
}
