package dev.flotilla.ui.editor.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.api.FleetUnitOption;
import dev.flotilla.core.api.MachineInfo;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.FleetClient;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.core.unit.fleet.FleetHash;
import dev.flotilla.ui.connection.ClusterConnection;
import dev.flotilla.ui.editor.source.UnitCompletions;

/** The fleet API of the active cluster, and the conversions between unit files and fleet's unit options. */
public final class ClusterAccess {

    private ClusterAccess() {
    }

    /** The fleet client of the active cluster; a clear error when none is connected. Any thread. */
    public static FleetClient fleet() throws ClientException {
        KeysClient keys = ClusterConnection.active().client();
        if (keys == null) {
            throw new ClientException("no cluster is connected; choose one in the Connections view");
        }
        return new FleetClient(keys.transport());
    }

    /** fleet's unit options of a file, as {@code fleetctl submit} sends them. */
    public static List<FleetUnitOption> options(String unitFileText) {
        return FleetHash.parse(unitFileText).options().stream()
                .map(o -> new FleetUnitOption(o.name(), o.section(), o.value())).toList();
    }

    /** The text fleet serializes a submitted unit's options to (what runs, for the diff). */
    public static String text(List<FleetUnitOption> options) {
        return FleetHash.serialize(options.stream().map(o -> new FleetHash.Option(o.section(), o.name(),
                o.value() == null ? "" : o.value())).toList());
    }

    /** The text of a submitted unit. */
    public static String text(FleetUnit unit) {
        return text(unit.options() == null ? List.of() : unit.options());
    }

    /** Reads what content assist offers for values: machine IDs, metadata pairs, unit names. Background only. */
    public static UnitCompletions.ClusterFacts facts(FleetClient fleet) throws ClientException {
        List<MachineInfo> machines = fleet.machineInfos();
        TreeSet<String> ids = new TreeSet<>();
        TreeSet<String> pairs = new TreeSet<>();
        for (MachineInfo m : machines) {
            ids.add(m.id());
            if (m.metadata() != null) {
                for (Map.Entry<String, String> e : m.metadata().entrySet()) {
                    pairs.add(e.getKey() + "=" + e.getValue());
                }
            }
        }
        TreeSet<String> units = new TreeSet<>();
        for (FleetUnit u : fleet.units()) {
            units.add(u.name());
        }
        List<String> idList = new ArrayList<>(ids);
        List<String> pairList = new ArrayList<>(pairs);
        List<String> unitList = new ArrayList<>(units);
        return new UnitCompletions.ClusterFacts() {
            @Override
            public List<String> machineIds() {
                return idList;
            }

            @Override
            public List<String> metadataPairs() {
                return pairList;
            }

            @Override
            public List<String> unitNames() {
                return unitList;
            }
        };
    }
}
