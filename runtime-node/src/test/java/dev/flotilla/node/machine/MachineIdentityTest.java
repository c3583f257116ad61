package dev.flotilla.node.machine;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineIdentityTest {
    @TempDir Path dir;

    @Test
    void idIsCreatedOnceAndStableAcrossRestarts() throws IOException {
        String first = MachineIdentity.loadOrCreate(dir);
        assertTrue(first.matches("[0-9a-f]{32}"), first);
        assertEquals(first, MachineIdentity.loadOrCreate(dir));
        assertNotEquals(first, MachineIdentity.loadOrCreate(dir.resolve("other")));
        assertEquals(first.substring(0, 8), MachineIdentity.shortId(first));
    }

    @Test
    void corruptIdFileIsRefusedWithItsPath() throws IOException {
        Files.writeString(dir.resolve("machine-id"), "not-an-id");
        IOException e = assertThrows(IOException.class, () -> MachineIdentity.loadOrCreate(dir));
        assertTrue(e.getMessage().contains("machine-id") && e.getMessage().contains("not-an-id"), e.getMessage());
    }

    @Test
    void configuredAddressWins() {
        assertEquals("10.1.2.3", MachineIdentity.primaryIp("10.1.2.3"));
        assertFalse(MachineIdentity.primaryIp(null).isBlank());
    }
}
