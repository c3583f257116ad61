package dev.flotilla.node.cluster;

import dev.flotilla.core.api.EtcdError;
import dev.flotilla.core.api.KeyNode;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.EtcdException;
import dev.flotilla.core.client.KeysClient;
import java.util.Map;
import java.util.TreeMap;

/**
 * Machine metadata set by operators through the fleet API ({@code PATCH /fleet/v1/machines}), kept under
 * {@link Keyspace#METADATA} so it survives the machine leaving and rejoining (fleet's "dynamic metadata"). A value
 * of "" removes a key the machine itself announces. Whoever writes a machine record (the agent's heartbeat) merges
 * these in, so the engine places by the operator's metadata.
 */
public final class MetadataOverrides {
    private MetadataOverrides() {}

    /** The overrides of one machine, key → value ("" = removed). */
    public static Map<String, String> read(KeysClient store, String machineId) throws ClientException {
        Map<String, String> out = new TreeMap<>();
        try {
            for (KeyNode n : store.get(Keyspace.metadataDir(machineId)).node().children()) {
                out.put(n.key().substring(n.key().lastIndexOf('/') + 1), n.valueOrEmpty());
            }
        } catch (EtcdException e) {
            if (e.errorCode() != EtcdError.KEY_NOT_FOUND) throw e;
        }
        return out;
    }

    /** The machine's own metadata changed by the overrides. */
    public static Map<String, String> merge(Map<String, String> announced, Map<String, String> overrides) {
        Map<String, String> out = new TreeMap<>(announced);
        overrides.forEach((k, v) -> {
            if (v.isEmpty()) out.remove(k);
            else out.put(k, v);
        });
        return out;
    }
}
