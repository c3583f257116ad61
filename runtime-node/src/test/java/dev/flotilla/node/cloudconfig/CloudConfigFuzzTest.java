package dev.flotilla.node.cloudconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded, reproducible fuzzing of the loader: random bytes and mutated cloud-configs must always come back as a
 * result (never an exception), consistent (a config exactly when there is no error), and never through the
 * loader's last-resort "internal error" path, which would mean a bug of ours rather than bad input.
 */
class CloudConfigFuzzTest {

    private static final long SEED = 0x5EED_C10DL;
    private static final int CASES = 5000;
    private static final String[] YAML_BITS = {
        ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "&a ", "*a", "!", "!!str ", "!!binary ", "|", ">", "'", "\"",
        "\n", "  ", "\t", "#", "%YAML 1.1\n", "@", "?", "<<: ", "~", "null", "true", "0644", "0x1F", "---\n",
        "...\n", "\\", "\u00e9", "\uD83D\uDE00", "\u0000", "\u0085", "$private_ipv4", "${public_ipv4}", "..", "/",
        "name: ", "content: |\n", "path: ", "coreos:\n", "units:\n", "write_files:\n", "encoding: gz+b64\n",
    };

    @TempDir
    Path root;

    @Test
    @Timeout(120) // a hang guard only (the run takes seconds); figures are printed, not asserted
    void randomAndMutatedInputsNeverThrow() {
        Random random = new Random(SEED);
        List<String> seeds = new ArrayList<>();
        for (String f : List.of("valid/etcd2-static.yaml", "valid/etcd-legacy-discovery.yaml",
                "valid/users-and-files.yaml", "invalid/bad-enum.yaml", "invalid/merge-key.yaml")) {
            seeds.add(new String(Fixtures.bytes(Fixtures.resource(f)), StandardCharsets.UTF_8));
        }
        int accepted = 0;
        int refused = 0;
        long start = System.nanoTime();
        for (int i = 0; i < CASES; i++) {
            byte[] input = i % 4 == 0 ? randomBytes(random)
                    : mutate(seeds.get(random.nextInt(seeds.size())), random).getBytes(StandardCharsets.UTF_8);
            CloudConfigLoader.Result r;
            try {
                r = CloudConfigLoader.parse("fuzz-" + i + ".yaml", input, Fixtures.ADDRESSES);
            } catch (Throwable t) {
                fail("case " + i + " threw " + t + " on input:\n" + new String(input, StandardCharsets.UTF_8), t);
                return;
            }
            boolean hasErrors = !r.errors().isEmpty();
            assertEquals(!hasErrors, r.ok(), "case " + i + ": a config exactly when there is no error");
            for (Diagnostic d : r.diagnostics()) {
                assertFalse(d.message().startsWith("internal error"), "case " + i + ": " + d.format());
                assertTrue(d.format().startsWith("fuzz-" + i + ".yaml"), d.format());
            }
            if (r.ok()) {
                accepted++;
                CloudConfig c = r.config().get();
                NodeSettings.from(c);
                WriteFilesApplier.check(c, root); // checks paths against a real directory, writes nothing
            } else {
                refused++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("cloud-config fuzz: %d cases (seed %x): %d accepted, %d refused, %.2f s, %.0f cases/s%n",
                CASES, SEED, accepted, refused, seconds, CASES / seconds);
        assertTrue(accepted > 0 && refused > 0, "the mutations exercise both outcomes");
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(600)];
        random.nextBytes(b);
        if (random.nextBoolean()) {
            byte[] header = "#cloud-config\n".getBytes(StandardCharsets.UTF_8);
            System.arraycopy(header, 0, b, 0, Math.min(header.length, b.length));
        }
        return b;
    }

    private static String mutate(String text, Random random) {
        StringBuilder b = new StringBuilder(text);
        int edits = 1 + random.nextInt(6);
        for (int e = 0; e < edits; e++) {
            int at = b.length() == 0 ? 0 : random.nextInt(b.length());
            switch (random.nextInt(6)) {
                case 0 -> b.insert(at, YAML_BITS[random.nextInt(YAML_BITS.length)]);
                case 1 -> b.delete(at, Math.min(b.length(), at + 1 + random.nextInt(12)));
                case 2 -> b.setCharAt(Math.min(at, Math.max(0, b.length() - 1)), (char) (32 + random.nextInt(95)));
                case 3 -> { // duplicate a line: duplicate keys, repeated list items
                    int s = b.lastIndexOf("\n", at) + 1;
                    int end = b.indexOf("\n", at);
                    if (end > s) {
                        b.insert(end + 1, b.substring(s, end + 1));
                    }
                }
                case 4 -> { // shift indentation of a line
                    int s = b.lastIndexOf("\n", at) + 1;
                    if (random.nextBoolean()) {
                        b.insert(s, " ".repeat(1 + random.nextInt(3)));
                    } else if (s < b.length() && b.charAt(s) == ' ') {
                        b.deleteCharAt(s);
                    }
                }
                default -> b.insert(at, (char) random.nextInt(0x3000));
            }
        }
        return b.toString();
    }
}
