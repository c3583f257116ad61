package dev.flotilla.core.unit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Sample unit files (own fixtures, plus the shared corpus when present) and random mutations of them. */
public final class UnitSamples {
    private static final byte[] ALPHABET = "[]=\\\n\r#; \t\"'%$@-!:+|{}abcXYZ019.*".getBytes();

    private UnitSamples() { }

    public static List<byte[]> load() {
        List<byte[]> out = new ArrayList<>();
        addDir(Fixtures.unitsDir(), out);
        Fixtures.corpusUnits().ifPresent(d -> addDir(d, out));
        return out;
    }

    private static void addDir(Path dir, List<byte[]> out) {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                String n = p.getFileName().toString();
                if (!n.endsWith(".tsv")) {
                    out.add(Files.readAllBytes(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Random bytes biased towards the characters unit-file syntax cares about. */
    public static byte[] randomBytes(Random r, int maxLen) {
        byte[] b = new byte[r.nextInt(maxLen + 1)];
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextInt(4) == 0 ? (byte) r.nextInt(256) : ALPHABET[r.nextInt(ALPHABET.length)];
        }
        return b;
    }

    /** A copy of {@code src} with a few bytes flipped, inserted, deleted or a run of bytes duplicated. */
    public static byte[] mutate(Random r, byte[] src) {
        byte[] b = src;
        int edits = 1 + r.nextInt(6);
        for (int k = 0; k < edits; k++) {
            int pos = b.length == 0 ? 0 : r.nextInt(b.length);
            byte v = r.nextBoolean() ? ALPHABET[r.nextInt(ALPHABET.length)] : (byte) r.nextInt(256);
            switch (r.nextInt(4)) {
                case 0 -> {
                    if (b.length > 0) {
                        b = b == src ? b.clone() : b;
                        b[pos] = v;
                    }
                }
                case 1 -> b = splice(b, pos, 0, new byte[] {v});
                case 2 -> b = b.length == 0 ? b : splice(b, pos, 1, new byte[0]);
                default -> {
                    int len = Math.min(b.length - pos, r.nextInt(40));
                    b = splice(b, pos, 0, java.util.Arrays.copyOfRange(b, pos, pos + len));
                }
            }
        }
        return b == src ? src.clone() : b;
    }

    private static byte[] splice(byte[] b, int pos, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, pos);
        System.arraycopy(insert, 0, out, pos, insert.length);
        System.arraycopy(b, pos + remove, out, pos + insert.length, b.length - pos - remove);
        return out;
    }
}
