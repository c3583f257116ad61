package dev.flotilla.node.fleet;

import dev.flotilla.core.api.EtcdError;
import dev.flotilla.core.api.KeyNode;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.EtcdException;
import dev.flotilla.core.client.GetOptions;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.core.client.KeysResult;
import dev.flotilla.node.cluster.Keyspace;
import dev.flotilla.node.cluster.MetadataOverrides;
import dev.flotilla.node.cluster.Records;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster as one consistent read of {@code /_flotilla} shows it: live machines (with operator metadata
 * merged in), submitted units, placements, schedules and the states agents report. One recursive GET per API
 * request, so a listing never mixes two moments.
 */
final class ClusterSnapshot {

    /** A submitted unit: its file and what the operator asked for. */
    record Unit(String name, String file, long fileIndex, String desired, String pin) {}

    final long index;
    /** id → record, sorted by id (fleet lists machines in ID order). */
    final Map<String, Records.Machine> machines = new TreeMap<>();
    /** name → unit, sorted by name; only units whose file is stored. */
    final Map<String, Unit> units = new TreeMap<>();
    final Map<String, Records.Placement> placements = new TreeMap<>();
    /** machine → unit → entry. */
    final Map<String, Map<String, Records.ScheduleEntry>> schedule = new TreeMap<>();
    /** unit → machine → state, both sorted (fleet's order: unit name, then machine ID). */
    final Map<String, Map<String, Records.UnitState>> states = new TreeMap<>();
    /** machine → key → value ("" removes a key the machine itself announces). */
    final Map<String, Map<String, String>> metadataOverrides = new TreeMap<>();
    final String engineLeader;

    private ClusterSnapshot(KeyNode root, long index) {
        this.index = index;
        String leader = null;
        for (KeyNode top : root == null ? List.<KeyNode>of() : root.children()) {
            switch (top.key()) {
                case Keyspace.MACHINES -> top.children().forEach(m -> {
                    Records.Machine rec = Records.read(m.value(), Records.Machine.class);
                    String id = Keyspace.last(m.key());
                    machines.put(id, rec != null ? rec
                            : new Records.Machine(id, null, null, Map.of(), null, null, null, null, null));
                });
                case Keyspace.UNITS -> top.children().forEach(this::unit);
                case Keyspace.PLACEMENT -> top.children().forEach(p -> {
                    Records.Placement rec = Records.read(p.value(), Records.Placement.class);
                    if (rec != null) placements.put(Keyspace.last(p.key()), rec);
                });
                case Keyspace.SCHEDULE -> top.children().forEach(m -> m.children().forEach(u -> {
                    Records.ScheduleEntry e = Records.read(u.value(), Records.ScheduleEntry.class);
                    if (e != null) schedule.computeIfAbsent(Keyspace.last(m.key()), k -> new TreeMap<>()).put(Keyspace.last(u.key()), e);
                }));
                case Keyspace.STATE -> top.children().forEach(u -> u.children().forEach(m -> {
                    Records.UnitState s = Records.read(m.value(), Records.UnitState.class);
                    if (s != null) states.computeIfAbsent(Keyspace.last(u.key()), k -> new TreeMap<>()).put(Keyspace.last(m.key()), s);
                }));
                case Keyspace.METADATA -> top.children().forEach(m -> m.children().forEach(kv ->
                        metadataOverrides.computeIfAbsent(Keyspace.last(m.key()), k -> new TreeMap<>())
                                .put(Keyspace.last(kv.key()), kv.valueOrEmpty())));
                case Keyspace.ROOT + "/engine" -> {
                    for (KeyNode n : top.children()) {
                        if (n.key().equals(Keyspace.ENGINE_LEADER)) leader = n.value();
                    }
                }
                default -> { }
            }
        }
        this.engineLeader = leader;
    }

    private void unit(KeyNode dir) {
        String file = null, desired = null, pin = null;
        long fileIndex = 0;
        for (KeyNode f : dir.children()) {
            switch (Keyspace.last(f.key())) {
                case Keyspace.FILE -> { file = f.value(); fileIndex = f.modifiedIndex(); }
                case Keyspace.DESIRED -> desired = f.value();
                case Keyspace.PIN -> pin = f.value();
                default -> { }
            }
        }
        if (file != null) {
            String name = Keyspace.last(dir.key());
            units.put(name, new Unit(name, file, fileIndex, desired == null || desired.isBlank() ? "inactive" : desired,
                    pin == null || pin.isBlank() ? null : pin));
        }
    }

    static ClusterSnapshot read(KeysClient store) throws ClientException {
        try {
            KeysResult r = store.get(Keyspace.ROOT, new GetOptions(true, true, false));
            return new ClusterSnapshot(r.node(), r.etcdIndex());
        } catch (EtcdException e) {
            if (e.errorCode() == EtcdError.KEY_NOT_FOUND) return new ClusterSnapshot(null, e.error().index());
            throw e;
        }
    }

    /** The machine's metadata as fleet shows it: what the machine announces, changed by operator overrides. */
    Map<String, String> metadata(String machineId) {
        Records.Machine m = machines.get(machineId);
        return Collections.unmodifiableMap(MetadataOverrides.merge(m == null ? Map.of() : m.metadata(),
                metadataOverrides.getOrDefault(machineId, Map.of())));
    }

    /** The machines a unit is placed on (live ones only), in ID order. */
    List<String> placedOn(String unit) {
        Records.Placement p = placements.get(unit);
        if (p == null || p.machines() == null) return List.of();
        return p.machines().stream().filter(machines::containsKey).sorted().toList();
    }

    /** Units hosted per machine (by the engine's placements), for unit counts. */
    Map<String, Integer> unitCounts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String m : machines.keySet()) out.put(m, 0);
        schedule.forEach((m, entries) -> out.computeIfPresent(m, (k, v) -> v + entries.size()));
        return out;
    }

}
