package dev.flotilla.node.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.core.unit.MachineContext;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node started with --root keeps its units' WorkingDirectory= and EnvironmentFile= inside that root. */
class UnitSpecsRootTest {
    static final MachineContext HERE = new MachineContext("host1", "0123456789abcdef0123456789abcdef", "boot1");

    @TempDir
    Path root;

    @Test
    void absolutePathsResolveUnderTheRoot() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/app.env"), "GREETING=hello\n");
        ServiceSpec s = UnitSpecs.toSpec("app.service", "[Service]\nExecStart=/bin/echo $GREETING\n"
                + "WorkingDirectory=/srv/app\nEnvironmentFile=/etc/app.env\n", HERE, root);
        assertEquals(root.toAbsolutePath().resolve("srv/app"), s.workingDirectory());
        assertTrue(s.execStart().toString().contains("hello"), s.execStart().toString());
    }

    @Test
    void withoutWorkingDirectoryTheUnitRunsInTheRoot() throws Exception {
        ServiceSpec s = UnitSpecs.toSpec("app.service", "[Service]\nExecStart=/bin/true\n", HERE, root);
        assertEquals(root.toAbsolutePath(), s.workingDirectory());
    }

    @Test
    void pathsThatClimbOutOfTheRootAreRefusedNamingTheKey() {
        UnitSpecs.UnitSpecException cwd = assertThrows(UnitSpecs.UnitSpecException.class, () -> UnitSpecs.toSpec(
                "app.service", "[Service]\nExecStart=/bin/true\nWorkingDirectory=/srv/../../..\n", HERE, root));
        assertTrue(cwd.getMessage().startsWith("app.service: [Service] WorkingDirectory=/srv/../../.. leaves the node's"
                + " root"), cwd.getMessage());
        UnitSpecs.UnitSpecException env = assertThrows(UnitSpecs.UnitSpecException.class, () -> UnitSpecs.toSpec(
                "app.service", "[Service]\nExecStart=/bin/true\nEnvironmentFile=-/../etc/shadow\n", HERE, root));
        assertTrue(env.getMessage().contains("EnvironmentFile=/../etc/shadow leaves the node's root"), env.getMessage());
    }

    @Test
    void withoutARootPathsAreTheHostsAsSystemdTakesThem() throws Exception {
        ServiceSpec s = UnitSpecs.toSpec("app.service", "[Service]\nExecStart=/bin/true\nWorkingDirectory=/srv/app\n",
                HERE, null);
        assertEquals(Path.of("/srv/app"), s.workingDirectory());
    }
}
