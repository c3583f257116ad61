package dev.flotilla.node.cloudconfig;

import java.util.List;
import java.util.Optional;

/**
 * A loaded, validated cloud-config. Only keys Flotilla acts on (or records) are modelled; every other key was
 * reported as a warning when the file was loaded. String values already carry {@code $public_ipv4}/{@code
 * $private_ipv4} substitutions.
 *
 * @param source the file name used in diagnostics
 * @param etcd the legacy etcd 0.4 section ({@code coreos.etcd})
 * @param etcd2 the etcd 2 section ({@code coreos.etcd2})
 * @param units {@code coreos.units}, submitted and started on this machine at boot
 * @param sshAuthorizedKeys recorded in the machine record; the node does not manage OS accounts
 * @param users recorded in the machine record; the node does not create OS users
 */
public record CloudConfig(
        String source,
        Optional<String> hostname,
        Optional<EtcdSettings> etcd,
        Optional<Etcd2Settings> etcd2,
        Optional<FleetSettings> fleet,
        List<UnitSpec> units,
        List<WriteFile> writeFiles,
        List<String> sshAuthorizedKeys,
        List<UserSpec> users) {

    public CloudConfig {
        units = List.copyOf(units);
        writeFiles = List.copyOf(writeFiles);
        sshAuthorizedKeys = List.copyOf(sshAuthorizedKeys);
        users = List.copyOf(users);
    }

    /** The etcd member name: {@code coreos.etcd2.name}, else the legacy {@code coreos.etcd.name}. */
    public Optional<String> etcdName() {
        return etcd2.flatMap(Etcd2Settings::name).or(() -> etcd.flatMap(EtcdSettings::name));
    }
}
