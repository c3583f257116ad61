package dev.flotilla.core.unit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.flotilla.core.unit.check.UnitChecker;
import dev.flotilla.core.unit.fleet.FleetRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Properties over random input with fixed seeds, bounded so the suite stays fast (the long run is UnitFuzz). */
class PropertyTest {
    private static final String VALUE_CHARS = "ab Z9 \"'\\%$#;=[]{}-@:+!|/.*\u00e9\u4e2d\t";
    private static final List<String> SECTIONS = List.of("Unit", "Service", "Install", "X-Fleet", "Container", "New");
    private static final List<String> KEYS = List.of("Description", "ExecStart", "After", "Environment", "Global",
            "MachineMetadata", "Restart", "X-Custom");

    record Triple(String section, String key, String value) { }

    static List<Triple> model(UnitFile f) {
        List<Triple> out = new ArrayList<>();
        for (Entry e : f.entries()) {
            out.add(new Triple(e.section(), e.key(), e.value()));
        }
        return out;
    }

    static String randomValue(Random r) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            b.append(VALUE_CHARS.charAt(r.nextInt(VALUE_CHARS.length())));
        }
        return b.toString();
    }

    @Test
    void randomEditsReparseToTheSameModel() {
        Random r = new Random(20240801L);
        List<byte[]> samples = UnitSamples.load();
        int edits = 0;
        int rejected = 0;
        for (int iter = 0; iter < 400; iter++) {
            UnitFile f = UnitFile.parse("t.service", samples.get(r.nextInt(samples.size())));
            for (int k = 0; k < 8; k++) {
                byte[] before = f.toBytes();
                List<Entry> entries = f.entries();
                String value = randomValue(r);
                try {
                    int op = r.nextInt(4);
                    if (op == 0 && !entries.isEmpty()) {
                        Entry e = entries.get(r.nextInt(entries.size()));
                        boolean single = e.rawLines().size() == 1;
                        int line = e.line();
                        String[] oldLines = new String(before, java.nio.charset.StandardCharsets.UTF_8).split("\n", -1);
                        f.setEntry(e, value);
                        if (single) {
                            String[] newLines = f.toText().split("\n", -1);
                            assertEquals(oldLines.length, newLines.length);
                            for (int i = 0; i < oldLines.length; i++) {
                                if (i != line - 1) {
                                    assertEquals(oldLines[i], newLines[i], "edit of line " + line + " touched line "
                                            + (i + 1));
                                }
                            }
                        }
                    } else if (op == 1) {
                        f.add(SECTIONS.get(r.nextInt(SECTIONS.size())), KEYS.get(r.nextInt(KEYS.size())), value);
                    } else if (op == 2 && !entries.isEmpty()) {
                        Entry e = entries.get(r.nextInt(entries.size()));
                        f.remove(e.section(), e.key());
                    } else {
                        f.set(SECTIONS.get(r.nextInt(SECTIONS.size())), KEYS.get(r.nextInt(KEYS.size())), value);
                    }
                    edits++;
                } catch (UnitEditException rejectedEdit) {
                    rejected++;
                    assertArrayEquals(before, f.toBytes(), "a rejected edit must change nothing");
                }
                UnitFile again = UnitFile.parse("t.service", f.toBytes());
                assertEquals(model(f), model(again), "after edit " + k + " of iteration " + iter);
                assertEquals(f.entries().stream().map(Entry::line).toList(),
                        again.entries().stream().map(Entry::line).toList());
                assertArrayEquals(f.toBytes(), again.toBytes());
            }
        }
        assertTrue(edits > 2000, "too few edits applied: " + edits);
        assertTrue(rejected > 0, "values ending in a backslash must have been rejected at least once");
    }

    @Test
    void randomAndMutatedBytesNeverThrowAndRoundTrip() {
        Random r = new Random(7L);
        List<byte[]> samples = UnitSamples.load();
        for (int i = 0; i < 12_000; i++) {
            byte[] input = i % 2 == 0 ? UnitSamples.randomBytes(r, 300)
                    : UnitSamples.mutate(r, samples.get(r.nextInt(samples.size())));
            try {
                exercise(input);
            } catch (RuntimeException | AssertionError e) {
                fail("input #" + i + " " + java.util.Arrays.toString(input) + " failed: " + e, e);
            }
        }
    }

    /** Runs every reader over the input; must not throw and must round-trip. */
    static void exercise(byte[] input) {
        UnitChecker.Result res = UnitChecker.check("fuzz.service", "fuzz@1.service", input);
        assertArrayEquals(input, res.unit().toBytes());
        UnitFile f = res.unit();
        ServiceConfig.of(f);
        UnitConfig.of(f);
        InstallConfig.of(f);
        ContainerConfig.of(f);
        FleetRules.of(f, res.name());
        for (Entry e : f.entries()) {
            Specifiers.resolve(e.value(), res.name(), MachineContext.UNKNOWN);
            ExecLine l = ExecLine.parse(e.value());
            for (ExecCommand c : l.commands()) {
                c.expand(java.util.Map.of("A", "x y"));
            }
            try {
                TimeSpan.parse(e.value());
            } catch (ValueException expected) {
                // fine: reported, not thrown unchecked
            }
            e.positionOf(e.value().length() / 2);
        }
        for (Diagnostic d : res.diagnostics()) {
            assertTrue(d.line() >= 1 && d.column() >= 1, d.toString());
        }
    }
}
