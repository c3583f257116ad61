package dev.flotilla.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.api.FleetUnitOption;
import dev.flotilla.core.api.FleetUnitState;
import dev.flotilla.core.api.MachineInfo;
import dev.flotilla.ui.topology.TopologyLayout;
import dev.flotilla.ui.topology.TopologyModel;

/** What the Topology view draws, from API replies, without a display: placement, states, Global units, rules. */
class TopologyModelTest {

    static MachineInfo machine(String id) {
        return new MachineInfo(id, "10.0.0." + id.charAt(0), null, Map.of(), null, null, null, 0, false);
    }

    static FleetUnit unit(String name, String desired, String machine, FleetUnitOption... rules) {
        return new FleetUnit(desired, desired, machine, name, List.of(rules));
    }

    static FleetUnitOption xfleet(String key, String value) {
        return new FleetUnitOption(key, "X-Fleet", value);
    }

    @Test
    void unitsAreDrawnWhereScheduledGlobalOnesEverywhereInactiveOnesNowhere() {
        TopologyModel m = TopologyModel.of(List.of(machine("2bbb"), machine("1aaa")),
                List.of(unit("web.service", "launched", "1aaa"), unit("db.service", "loaded", "2bbb"),
                        unit("off.service", "inactive", ""), unit("agent.service", "launched", "",
                                xfleet("Global", "true"))),
                List.of(new FleetUnitState("h", "1aaa", "web.service", "active", "loaded", "running"),
                        new FleetUnitState("h", "2bbb", "agent.service", "failed", "loaded", "failed")));
        assertEquals(List.of("1aaa", "2bbb"), m.machines().stream().map(TopologyModel.Machine::id).toList());
        assertEquals(List.of("1aaa"), m.machinesOf("web.service"));
        assertEquals(List.of("2bbb"), m.machinesOf("db.service"));
        assertEquals(List.of(), m.machinesOf("off.service"));
        assertEquals(List.of("1aaa", "2bbb"), m.machinesOf("agent.service"));
        // Global first, then by name; each figure coloured by its own machine's report
        assertEquals(List.of("agent.service", "web.service"), m.machine("1aaa").units().stream()
                .map(TopologyModel.Unit::name).toList());
        assertEquals(TopologyModel.State.PENDING, m.machine("1aaa").units().get(0).state());
        assertEquals(TopologyModel.State.ACTIVE, m.machine("1aaa").units().get(1).state());
        assertEquals(TopologyModel.State.FAILED, m.machine("2bbb").units().get(0).state());
        assertEquals(TopologyModel.State.LOADED, m.machine("2bbb").units().get(1).state());
        assertEquals(List.of(), m.unplaced());
    }

    @Test
    void unitsPlacedNowhereOrOnAVanishedMachineAreCountedNotDrawn() {
        TopologyModel m = TopologyModel.of(List.of(machine("1aaa")),
                List.of(unit("stuck.service", "launched", ""), unit("gone.service", "launched", "9zzz"),
                        unit("off.service", "inactive", ""), unit("agent.service", "launched", "",
                                xfleet("Global", "true"))),
                List.of());
        assertEquals(List.of("gone.service", "stuck.service"), m.unplaced());
        assertEquals(List.of("1aaa"), m.machinesOf("agent.service"));
    }

    @Test
    void conflictsAndMachineOfBecomeOneLinePerPair() {
        TopologyModel m = TopologyModel.of(List.of(machine("1aaa"), machine("2bbb")),
                List.of(unit("a@1.service", "launched", "1aaa", xfleet("Conflicts", "a@*.service")),
                        unit("a@2.service", "launched", "2bbb", xfleet("Conflicts", "a@*.service")),
                        unit("side.service", "launched", "1aaa", xfleet("MachineOf", "a@1.service")),
                        unit("fixed.service", "launched", "2bbb", xfleet("MachineID", "2bbb"))),
                List.of());
        assertEquals(List.of(new TopologyModel.Rule(TopologyModel.Rule.Kind.CONFLICTS, "a@1.service", "a@2.service"),
                new TopologyModel.Rule(TopologyModel.Rule.Kind.MACHINE_OF, "side.service", "a@1.service")),
                m.rules());
        assertEquals("2bbb", m.machine("2bbb").units().stream().filter(u -> u.name().equals("fixed.service"))
                .findFirst().orElseThrow().machineIdRule());
    }

    @Test
    void theLayoutPutsEveryBoxInAGridAndFindsFiguresByPoint() {
        TopologyModel m = TopologyModel.of(List.of(machine("1aaa"), machine("2bbb"), machine("3ccc")),
                List.of(unit("web.service", "launched", "2bbb")), List.of());
        TopologyLayout layout = new TopologyLayout(m);
        assertEquals(3, layout.columns());
        TopologyLayout.Figure f = layout.figures("web.service").get(0);
        int[] b = f.bounds();
        assertEquals("web.service", layout.figureAt(b[0] + 2, b[1] + 2).unit().name());
        int[] box = layout.box("2bbb").bounds();
        assertTrue(b[0] > box[0] && b[0] + b[2] < box[0] + box[2], "the figure is inside its machine's box");
        assertEquals("2bbb", layout.boxAt(box[0] + 1, box[1] + 1).machine().id());
        assertNull(layout.boxAt(1, 1), "the margin is no machine");

        // 200 machines: a grid about 3:2 wide, so fitting it keeps the boxes large enough to see
        TopologyLayout big = new TopologyLayout(TopologyUITest.syntheticCluster(200, 6));
        assertEquals(18, big.columns());
        double aspect = big.width() / (double) big.height();
        assertTrue(aspect > 1 && aspect < 2.5, "aspect " + aspect);
    }
}
