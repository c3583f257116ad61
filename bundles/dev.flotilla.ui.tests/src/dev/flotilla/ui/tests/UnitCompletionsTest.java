package dev.flotilla.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flotilla.ui.editor.cluster.LineDiff;
import dev.flotilla.ui.editor.source.UnitCompletions;

/** Content assist of the source page (keys per section, typed values, cluster values) and the replace diff. */
class UnitCompletionsTest {

    static final UnitCompletions.ClusterFacts CLUSTER = new UnitCompletions.ClusterFacts() {
        @Override
        public List<String> machineIds() {
            return List.of("4f1d", "9ab2");
        }

        @Override
        public List<String> metadataPairs() {
            return List.of("disk=ssd", "region=eu");
        }

        @Override
        public List<String> unitNames() {
            return List.of("db.service", "web.service");
        }
    };

    final UnitCompletions completions = new UnitCompletions(() -> CLUSTER);

    List<String> at(String textWithCaret) {
        int caret = textWithCaret.indexOf('|');
        String text = textWithCaret.replace("|", "");
        return completions.at(text, caret).stream().map(UnitCompletions.Proposal::text).toList();
    }

    @Test
    void keysOfTheSectionTheCaretIsIn() {
        List<String> service = at("[Unit]\nDescription=x\n[Service]\nExec|\n");
        assertEquals("ExecStart=", service.get(0));
        assertTrue(service.containsAll(List.of("ExecStartPre=", "ExecStop=", "ExecReload=")), service.toString());
        assertTrue(service.stream().allMatch(k -> k.startsWith("Exec")), service.toString());
        assertEquals(List.of("MachineID=", "MachineOf=", "MachineMetadata="), at("[X-Fleet]\nMach|"));
        assertEquals(List.of("Image="), at("[Container]\nIm|"));
        assertEquals(List.of(), at("Exec|"), "no section yet: no keys to offer");
    }

    @Test
    void valuesOfTypedKeysAndFromTheCluster() {
        assertEquals(List.of("simple"), at("[Service]\nType=si|"));
        assertTrue(at("[Service]\nRestart=|").containsAll(List.of("always", "on-failure", "no")));
        assertEquals(List.of("4f1d", "9ab2"), at("[X-Fleet]\nMachineID=|"));
        assertEquals(List.of("region=eu"), at("[X-Fleet]\nMachineMetadata=\"disk=ssd\" re|"));
        assertEquals(List.of("web.service"), at("[X-Fleet]\nConflicts=w|"));
        assertEquals(List.of("[Service]"), at("[Ser|\n"));
        assertEquals(List.of(), at("[Service]\n# Exec|"), "nothing inside comments");
    }

    @Test
    void theReplaceDiffShowsWhatGoesAndWhatComes() {
        List<LineDiff.Line> d = LineDiff.of("[Service]\nExecStart=/a\nRestart=no\n", "[Service]\nExecStart=/b\nRestart=no\n");
        assertEquals(" [Service]\n-ExecStart=/a\n+ExecStart=/b\n Restart=no\n", LineDiff.format(d));
        assertTrue(LineDiff.isEmpty(LineDiff.of("a\nb\n", "a\nb\n")));
    }
}
