package dev.flotilla.core.unit.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.core.unit.Diagnostic;
import dev.flotilla.core.unit.Fixtures;
import dev.flotilla.core.unit.UnitFile;
import dev.flotilla.core.unit.UnitName;
import dev.flotilla.core.unit.ValueException;
import dev.flotilla.core.unit.check.UnitChecker;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FleetRulesTest {

    private static FleetRules rules(String xfleet) {
        return FleetRules.of(UnitFile.parse("t.service", "[X-Fleet]\n" + xfleet));
    }

    @Test
    void machineMetadataIsAndOverKeysOrOverValues() {
        MachineMetadata m = rules("MachineMetadata=\"region=us-east-1\" \"diskType=SSD\"\n"
                + "MachineMetadata=region=us-west-1\n").machineMetadata();
        assertEquals(Map.of("region", Set.of("us-east-1", "us-west-1"), "diskType", Set.of("SSD")), m.clauses());
        assertEquals("(region=us-east-1 OR region=us-west-1) AND diskType=SSD", m.toString());
        assertTrue(m.matches(Map.of("region", "us-west-1", "diskType", "SSD")));
        assertTrue(m.matches(Map.of("region", "us-east-1", "diskType", "SSD", "x", "y")));
        assertFalse(m.matches(Map.of("region", "us-east-1")));
        assertFalse(m.matches(Map.of("region", "eu", "diskType", "SSD")));
        // grouping pairs on lines does not matter (fleet's documentation example)
        MachineMetadata g = rules("MachineMetadata=\"region=us-east-1\" \"job=foo\"\n"
                + "MachineMetadata=\"region=us-west-1\" \"job=bar\"\n").machineMetadata();
        assertTrue(g.matches(Map.of("region", "us-east-1", "job", "bar")));
        // pairs fleet ignores: no '=', empty side, two '='
        assertTrue(rules("MachineMetadata=novalue\nMachineMetadata=a=\nMachineMetadata=a=b=c\n").machineMetadata()
                .isEmpty());
        assertEquals(Map.of("ram>", Set.of("1024")), rules("MachineMetadata=\"ram>=1024\"\n").machineMetadata().clauses());
        assertTrue(MachineMetadata.NONE.matches(Map.of()));
    }

    @Test
    void readsEveryOptionAsFleetDoes() {
        FleetRules r = rules("X-ConditionMachineOf=a.service\nMachineOf=b.service\nConflicts=c*.service d.service\n"
                + "X-Conflicts=e*\nConflicts=\"f*\" \"g*\"\nReplaces=old.service\nReplaces=older.service\n"
                + "Global=false\nGlobal=TRUE\nMachineID=abc\nX-ConditionMachineID=def\n");
        assertEquals(List.of("a.service", "b.service"), r.machineOf());
        assertEquals(List.of("e*", "c*.service", "d.service", "f*", "g*"), r.conflicts());
        assertEquals(List.of("old.service", "older.service"), r.replaces());
        assertTrue(r.global());
        assertEquals(Optional.of("abc"), r.machineId());
        assertEquals(Optional.of("def"), rules("X-ConditionMachineID=def\n").machineId());
        assertEquals(Optional.of("boot"), rules("X-ConditionMachineBootID=boot\n").machineId());
        assertFalse(rules("Global=y\n").global());
        assertTrue(rules("Global=t\n").global());
        assertTrue(rules("").isEmpty());
    }

    @Test
    void specifiersAreSubstitutedForANamedUnit() throws ValueException {
        UnitFile f = Fixtures.unit("web@.service");
        FleetRules raw = FleetRules.of(f);
        assertEquals(List.of("%p@*.service"), raw.conflicts());
        FleetRules named = FleetRules.of(f, UnitName.parse("web@8080.service"));
        assertEquals(List.of("web@*.service"), named.conflicts());
        assertEquals("(role=web OR role=edge) AND disk=ssd", named.machineMetadata().toString());
        assertEquals("a@1.service a@1 a 1 %I", FleetRules.printf("%n %N %p %i %I", UnitName.parse("a@1.service")));
    }

    @Test
    void globsFollowGoPathMatch() {
        assertTrue(FleetGlob.matches("conflict.*.service", "conflict.2.service"));
        assertTrue(FleetGlob.matches("deis-router@*.service", "deis-router@1.service"));
        assertFalse(FleetGlob.matches("apache.*.service", "apache-discovery.1.service"));
        assertTrue(FleetGlob.matches("a?c", "abc"));
        assertTrue(FleetGlob.matches("[a-c]x", "bx"));
        assertFalse(FleetGlob.matches("[^a-c]x", "bx"));
        assertTrue(FleetGlob.matches("a\\*", "a*"));
        assertFalse(FleetGlob.matches("*", "a/b"));
        assertFalse(FleetGlob.matches("[", "["));
        assertFalse(FleetGlob.isWellFormed("a[b"));
        assertFalse(FleetGlob.isWellFormed("x\\"));
        assertTrue(FleetGlob.isWellFormed("x[\\]]"));
    }

    @Test
    void circularReplacesAcrossUnitsAreRefused() {
        List<UnitChecker.Result> results = UnitChecker.checkAll(List.of(
                UnitChecker.check("cycle-a.service", "cycle-a.service", Fixtures.bytes("cycle-a.service")),
                UnitChecker.check("cycle-b.service", "cycle-b.service", Fixtures.bytes("cycle-b.service")),
                UnitChecker.check("replacer.service", "replacer.service", Fixtures.bytes("replacer.service"))));
        for (int i = 0; i < 2; i++) {
            List<Diagnostic> errors = results.get(i).diagnostics().stream().filter(Diagnostic::isError).toList();
            assertEquals(1, errors.size(), errors.toString());
            assertEquals(5, errors.get(0).line());
            assertTrue(errors.get(0).message().contains("circular Replaces: cycle-a.service -> cycle-b.service -> "
                    + "cycle-a.service"), errors.get(0).message());
        }
        assertFalse(results.get(2).hasErrors());
        UnitFile self = UnitFile.parse("me.service", "[X-Fleet]\nReplaces=m*.service\n");
        assertEquals(1, FleetValidator.checkReplaces(List.of(
                new FleetValidator.NamedUnit(new UnitName("me.service", "me", null, "service"), self))).size());
    }

    @Test
    void warningsForWhatFleetSilentlyMisreads() {
        List<Diagnostic> ds = FleetValidator.validate(UnitFile.parse("t.service", "[X-Fleet]\nMachineID=CHANGEME\n"
                + "MachineOf=a.service b.service\nGlobal=ture\nConflicts=a[\nMachineMetadata=oops\nMachineOf=%H\n"));
        List<Diagnostic> errors = ds.stream().filter(Diagnostic::isError).toList();
        assertEquals(2, errors.size(), errors.toString()); // MachineID with MachineOf and with Conflicts
        assertTrue(errors.stream().allMatch(d -> d.message().startsWith("MachineID cannot be used with")));
        ds = ds.stream().filter(d -> !d.isError()).toList();
        List<String> expected = List.of("not 32 hex digits", "does not split MachineOf", "reads \"ture\" as false",
                "malformed glob", "fleet ignores metadata \"oops\"", "%H stays literally");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(i + 2, ds.get(i).line());
            assertTrue(ds.get(i).message().contains(expected.get(i)), ds.get(i).message());
        }
    }

    @Test
    void hashIsFleetsSha1OfTheSerializedOptions() {
        // the vector of fleet's own unit test (unit/unit_test.go TestUnitHash)
        assertEquals(Optional.of("1c6fb6f3684bafb0c173d8b8b957ceff031180c1"),
                FleetHash.of(UnitFile.parse("t", "[Service]\nExecStart=/bin/sleep 100\n")));
        assertEquals("1c6fb6f", FleetHash.shortForm("1c6fb6f3684bafb0c173d8b8b957ceff031180c1"));
        // comments, blank lines, spacing and a missing final newline do not change the hash
        assertEquals(Optional.of("1c6fb6f3684bafb0c173d8b8b957ceff031180c1"),
                FleetHash.of(UnitFile.parse("t", "# c\n\n[Service]\n  ExecStart =   /bin/sleep 100  ")));
        // sections are grouped in order of first appearance, separated by a blank line
        assertEquals("[A]\nx=1\ny=3\n\n[B]\nz=2\n", FleetHash.serialize(FleetHash.parse("[A]\nx=1\n[B]\nz=2\n[A]\ny=3\n")
                .options()));
        // continuation lines keep backslash and newline in fleet's value
        assertEquals(List.of(new FleetHash.Option("S", "E", "/bin/a \\\n  b")),
                FleetHash.parse("[S]\nE=/bin/a \\\n  b\n").options());
        FleetHash.Parsed bad = FleetHash.parse("[S]\nE=a\nnot a pair\n");
        assertFalse(bad.ok());
        assertEquals(3, bad.errorLine());
        assertTrue(FleetHash.of(UnitFile.parse("t", "[S]\nE=a\nno pair")).isEmpty());
    }

    @Test
    void overlongLinesAreRefusedAsFleetDoes() {
        String longValue = "x".repeat(FleetValidator.LINE_MAX);
        List<Diagnostic> ds = FleetValidator.validate(UnitFile.parse("t.service", "[Service]\nExecStart=/bin/echo "
                + longValue + "\n"));
        assertEquals(1, ds.size());
        assertTrue(ds.get(0).isError());
        assertEquals(2, ds.get(0).line());
    }
}
