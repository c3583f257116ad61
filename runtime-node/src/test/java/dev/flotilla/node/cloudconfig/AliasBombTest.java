package dev.flotilla.node.cloudconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** YAML aliases can describe exponentially large documents; SnakeYAML's alias limit refuses them while composing. */
class AliasBombTest {

    private static String billionLaughs() {
        StringBuilder b = new StringBuilder("#cloud-config\nlol0: &lol0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\","
                + "\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int level = 1; level <= 9; level++) {
            b.append("lol").append(level).append(": &lol").append(level).append(" [");
            for (int i = 0; i < 10; i++) {
                b.append(i == 0 ? "" : ",").append("*lol").append(level - 1);
            }
            b.append("]\n");
        }
        return b.append("hostname: *lol9\n").toString();
    }

    @Test
    @Timeout(60) // a hang guard: expanding the bomb would take hours; the refusal takes milliseconds (printed)
    void billionLaughsIsRefused() {
        String bomb = billionLaughs();
        long start = System.nanoTime();
        CloudConfigLoader.Result r = CloudConfigLoader.parse("bomb.yaml", bomb.getBytes(StandardCharsets.UTF_8),
                Addresses.NONE);
        double ms = (System.nanoTime() - start) / 1e6;
        System.out.printf("alias bomb (10^9 leaves, %d bytes) refused in %.1f ms%n", bomb.length(), ms);
        assertFalse(r.ok());
        Diagnostic d = r.errors().get(0);
        assertEquals(5, d.position().line(), "the 21st alias to a collection is on line 5: " + d.format());
        assertTrue(d.message().contains("Number of aliases for non-scalar nodes exceeds the specified max=20"),
                d.format());
    }

    @Test
    void aFewAliasesInsideTheSchemaStillWork() {
        CloudConfigLoader.Result r = CloudConfigLoader.parse("alias.yaml", ("#cloud-config\n"
                + "coreos:\n  units:\n    - &u\n      name: a.service\n      command: start\n    - *u\n")
                .getBytes(StandardCharsets.UTF_8), Addresses.NONE);
        assertTrue(r.ok(), r.diagnostics()::toString);
        assertEquals(2, r.config().get().units().size());
        assertEquals(List.of("alias.yaml:4:7: warning: coreos.units[1]: unit \"a.service\" is also listed as "
                + "coreos.units[0]; both are applied in order"), r.diagnostics().stream().map(Diagnostic::format).toList());
    }
}
