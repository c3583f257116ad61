package dev.flotilla.ui.fleet;

import dev.flotilla.core.client.FleetClient;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.ui.connection.ClusterConnection;

/** The fleet API of the active cluster, sharing the connection's transport (endpoints, TLS, credentials). */
public final class FleetAccess {

    private FleetAccess() {
    }

    /** The fleet client of the active cluster, or null when none is connected. */
    public static FleetClient client() {
        KeysClient keys = ClusterConnection.active().client();
        return keys == null ? null : new FleetClient(keys.transport());
    }
}
