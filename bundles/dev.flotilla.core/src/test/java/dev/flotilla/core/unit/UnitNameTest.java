package dev.flotilla.core.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnitNameTest {

    @Test
    void templatesAndInstances() throws ValueException {
        UnitName t = UnitName.parse("web@.service");
        assertTrue(t.isTemplate());
        assertFalse(t.isInstance());
        UnitName i = t.withInstance("8080");
        assertEquals("web@8080.service", i.full());
        assertTrue(i.isInstance());
        assertEquals("web", i.prefix());
        assertEquals("8080", i.instance());
        assertEquals("service", i.type());
        assertEquals("web@.service", i.template().full());
        UnitName plain = UnitName.parse("my.app:v1_2.socket");
        assertEquals(null, plain.instance());
        assertEquals(null, plain.template());
        assertEquals("my.app:v1_2", plain.prefix());
    }

    @Test
    void invalidNamesSayWhy() {
        for (String bad : List.of("", "noext", "x.", "x.conf", "@x.service", "a b.service", "dev\\x2d.device",
                "x@y.mount", "x".repeat(300) + ".service")) {
            assertThrows(ValueException.class, () -> UnitName.parse(bad), bad);
        }
        ValueException e = assertThrows(ValueException.class, () -> UnitName.parse("we b.service"));
        assertEquals(2, e.offset());
        assertTrue(e.getMessage().contains("[a-zA-Z0-9:_.@-]"));
    }

    @Test
    void specifiersResolveForAMachine() throws ValueException {
        UnitName n = UnitName.parse("user-cloudinit@var-lib-coreos\\x2dinstall-user_data.path".replace("\\x2d", "-"));
        MachineContext m = new MachineContext("node1", "0123456789abcdef0123456789abcdef", "b00700");
        Specifiers.Resolved r = Specifiers.resolve("%n %N %p %P %i %I %H %m %b %% %j", n, m);
        assertTrue(r.ok(), r.problems().toString());
        assertEquals("user-cloudinit@var-lib-coreos-install-user_data.path user-cloudinit@var-lib-coreos-install-user_data"
                + " user-cloudinit user/cloudinit var-lib-coreos-install-user_data var/lib/coreos/install/user_data"
                + " node1 0123456789abcdef0123456789abcdef b00700 % cloudinit", r.value());
        UnitName escaped = new UnitName("x@a-b\\x2dc.service", "x", "a-b\\x2dc", "service");
        assertEquals("/a/b-c", Specifiers.resolve("%f", escaped, m).value());
        assertEquals("/x", Specifiers.resolve("%f", UnitName.parse("x.service"), m).value());
    }

    @Test
    void unresolvableSpecifiersAreErrors() throws ValueException {
        UnitName n = UnitName.parse("a@1.service");
        Specifiers.Resolved r = Specifiers.resolve("%H-%i-%z-%t %", n, MachineContext.UNKNOWN);
        assertFalse(r.ok());
        assertEquals("%H-1-%z-%t %", r.value());
        assertEquals(List.of(0, 6, 9, 12), r.problems().stream().map(ValueProblem::offset).toList());
        assertTrue(r.problems().stream().allMatch(p -> p.severity() == Severity.ERROR));
        assertFalse(Specifiers.resolve("%i", null, MachineContext.UNKNOWN).ok());
        assertEquals(List.of(5), Specifiers.check("a %i %z %%").stream().map(ValueProblem::offset).toList());
    }
}
