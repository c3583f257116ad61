package dev.flotilla.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.api.FleetUnitState;
import dev.flotilla.core.api.MachineInfo;
import dev.flotilla.ui.units.UnitRow;
import dev.flotilla.ui.units.UnitTable;
import dev.flotilla.ui.units.UnitTable.Filter;

/** The Units view's model: the three fleet listings joined, filtered by text, regex and state, sorted. */
class UnitTableTest {

    static final String M1 = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    static final String M2 = "ffeeddccbbaa99887766554433221100";

    static List<UnitRow> sample() {
        List<FleetUnit> units = List.of(
                new FleetUnit("launched", "launched", M1, "web@10.service", null),
                new FleetUnit("launched", "launched", M2, "web@2.service", null),
                new FleetUnit("loaded", "loaded", M1, "db.service", null),
                new FleetUnit("inactive", "inactive", "", "backup.timer", null));
        List<FleetUnitState> states = List.of(
                new FleetUnitState("0123456789abcdef", M1, "web@10.service", "active", "loaded", "running"),
                new FleetUnitState("fedcba9876543210", M2, "web@2.service", "failed", "loaded", "failed"),
                new FleetUnitState("aaaaaaaaaaaaaaaa", M1, "db.service", "inactive", "loaded", "dead"));
        List<MachineInfo> machines = List.of(
                new MachineInfo(M1, "10.0.0.1", "h1", null, null, null, null, 2, true),
                new MachineInfo(M2, "10.0.0.2", "h2", null, null, null, null, 1, false));
        return UnitRow.join(units, states, machines);
    }

    static List<String> names(UnitTable t) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            out.add(t.row(i).unit());
        }
        return out;
    }

    @Test
    void joinsUnitsStatesAndMachinesLikeFleetctl() {
        UnitRow web10 = sample().get(0);
        assertEquals(new UnitRow("web@10.service", M1, "a1b2c3d4/10.0.0.1", "launched", "launched", "active",
                "running", "0123456"), web10);
        UnitRow backup = sample().get(3);
        assertEquals("-", backup.machine());
        assertEquals("-", backup.active());
    }

    @Test
    void sortsNaturallyByAnyColumnBothWays() {
        UnitTable t = UnitTable.of(sample(), Filter.NONE, 0, true);
        assertEquals(List.of("backup.timer", "db.service", "web@2.service", "web@10.service"), names(t));
        t = t.sortedBy(0, false);
        assertEquals(List.of("web@10.service", "web@2.service", "db.service", "backup.timer"), names(t));
        t = t.sortedBy(4, true); // ACTIVE: "-", active, failed, inactive
        assertEquals(List.of("backup.timer", "web@10.service", "web@2.service", "db.service"), names(t));
    }

    @Test
    void filtersByTextRegexAndState() {
        UnitTable t = UnitTable.of(sample(), Filter.NONE, 0, true);
        assertEquals(List.of("web@2.service", "web@10.service"), names(t.withFilter(new Filter("WEB", false, ""))));
        assertEquals(List.of("db.service", "web@10.service"), names(t.withFilter(new Filter("10.0.0.1", false, ""))));
        assertEquals(List.of("web@10.service"), names(t.withFilter(new Filter("^web@\\d{2}\\.", true, ""))));
        assertEquals(List.of("web@2.service"), names(t.withFilter(new Filter("", false, "failed"))));
        assertEquals(List.of("db.service"), names(t.withFilter(new Filter("service", false, "loaded"))));
        assertEquals(4, t.withFilter(new Filter("web", false, "")).total());
    }

    @Test
    void badRegexSaysWhereAndChangesNothing() {
        UnitTable t = UnitTable.of(sample(), Filter.NONE, 0, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.withFilter(new Filter("web(", true, "")));
        assertTrue(e.getMessage().startsWith("Bad regular expression at column"), e.getMessage());
        assertEquals(4, t.size());
    }
}
