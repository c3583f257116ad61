package dev.flotilla.node.cloudconfig;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code coreos.fleet}: the scheduler agent's settings.
 *
 * @param metadata machine metadata ({@code region=us-east,disk=ssd}), in file order
 * @param agentTtl how long the machine's presence lasts without a heartbeat, a Go duration ({@code 30s})
 * @param engineReconcileIntervalSeconds how often the engine reconciles
 * @param etcdServers the store endpoints the agent talks to
 * @param etcdRequestTimeoutSeconds the per-request timeout towards the store
 */
public record FleetSettings(
        Map<String, String> metadata,
        Optional<String> publicIp,
        Optional<String> agentTtl,
        Optional<Double> engineReconcileIntervalSeconds,
        List<String> etcdServers,
        Optional<Double> etcdRequestTimeoutSeconds,
        Optional<String> etcdKeyPrefix) {

    public FleetSettings {
        metadata = CollectionsUtil.copyOrdered(metadata);
        etcdServers = List.copyOf(etcdServers);
    }
}
