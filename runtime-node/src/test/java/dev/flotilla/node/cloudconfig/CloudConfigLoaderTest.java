package dev.flotilla.node.cloudconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CloudConfigLoaderTest {

    @Test
    void etcd2StaticClusterLoadsWithSubstitutedAddresses() {
        CloudConfigLoader.Result r = Fixtures.load("valid/etcd2-static.yaml");
        assertEquals(List.of(), r.diagnostics());
        CloudConfig c = r.config().orElseThrow();

        assertEquals(Optional.of("alpha"), c.hostname());
        Etcd2Settings e = c.etcd2().orElseThrow();
        assertEquals(Optional.of("alpha"), e.name());
        assertEquals(Optional.of("/var/lib/flotilla/alpha"), e.dataDir());
        assertEquals(Optional.of("flotilla-test"), e.initialClusterToken());
        Map<String, List<String>> cluster = new LinkedHashMap<>();
        cluster.put("alpha", List.of("http://10.0.0.11:2380"));
        cluster.put("beta", List.of("http://10.0.0.12:2380"));
        cluster.put("gamma", List.of("http://10.0.0.13:2380"));
        assertEquals(cluster, e.initialCluster());
        assertEquals(List.of("alpha", "beta", "gamma"), List.copyOf(e.initialCluster().keySet()));
        assertEquals(Optional.of(ClusterState.NEW), e.initialClusterState());
        assertEquals(List.of("http://10.0.0.11:2380"), e.initialAdvertisePeerUrls());
        assertEquals(List.of("http://0.0.0.0:2379", "http://0.0.0.0:4001"), e.listenClientUrls());
        assertEquals(List.of("http://203.0.113.7:2379"), e.advertiseClientUrls(), "${public_ipv4} form");
        assertEquals(Optional.of(1500), e.electionTimeoutMs());
        assertEquals(Optional.of(150), e.heartbeatIntervalMs());

        FleetSettings f = c.fleet().orElseThrow();
        assertEquals(Optional.of("203.0.113.7"), f.publicIp());
        assertEquals(List.of("region", "disk", "role"), List.copyOf(f.metadata().keySet()));
        assertEquals("ssd", f.metadata().get("disk"));
        assertEquals(Optional.of("45s"), f.agentTtl());
        assertEquals(Optional.of(2.5), f.engineReconcileIntervalSeconds());

        assertEquals(3, c.units().size());
        UnitSpec hello = c.units().get(1);
        assertEquals("hello.service", hello.name());
        assertEquals(Optional.of(UnitCommand.START), hello.command());
        assertTrue(hello.enable());
        assertFalse(hello.runtime());
        assertTrue(hello.content().orElseThrow().contains("Description=Say hello on 10.0.0.11\n"));
        assertEquals(new Position(26, 7), hello.at());
        UnitSpec docker = c.units().get(2);
        assertEquals(Optional.empty(), docker.command());
        assertEquals("50-opts.conf", docker.dropIns().get(0).name());
        assertEquals("[Service]\nEnvironment=DOCKER_OPTS=--mtu=1400\n", docker.dropIns().get(0).content());

        assertEquals(3, c.writeFiles().size());
        WriteFile role = c.writeFiles().get(1);
        assertEquals("/etc/flotilla/role.env", role.path());
        assertEquals(FileEncoding.BASE64, role.encoding());
        assertEquals(Optional.of(0600), role.permissions());
        assertEquals(FileEncoding.GZIP_BASE64, c.writeFiles().get(2).encoding());
        assertEquals(Optional.empty(), c.writeFiles().get(0).permissions());
    }

    @Test
    void legacyEtcdWithDiscoveryLoads() {
        CloudConfig c = Fixtures.loadValid("valid/etcd-legacy-discovery.yaml");
        EtcdSettings e = c.etcd().orElseThrow();
        assertEquals(Optional.of("legacy-1"), e.name());
        assertEquals(Optional.of("https://discovery.example.com/3a4f0c2b9d"), e.discovery());
        assertEquals(Optional.of("10.0.0.11:4001"), e.addr());
        assertEquals(Optional.of("10.0.0.11:7001"), e.peerAddr());
        assertEquals(Optional.of(2000), e.peerElectionTimeoutMs());
        assertEquals(Optional.of(400), e.peerHeartbeatIntervalMs());
        assertTrue(c.etcd2().isEmpty());
        assertEquals(Optional.of("legacy-1"), c.etcdName());

        FleetSettings f = c.fleet().orElseThrow();
        assertEquals(Optional.of(3.0), f.etcdRequestTimeoutSeconds(), "etcd_request_timeout, underscore spelling");
        assertEquals(List.of("http://127.0.0.1:4001"), f.etcdServers());

        UnitSpec updates = c.units().get(2);
        assertEquals(Optional.of(UnitCommand.STOP), updates.command());
        assertTrue(updates.mask(), "mask: yes is YAML 1.1 true");
        UnitSpec scratch = c.units().get(3);
        assertTrue(scratch.runtime());
        assertFalse(scratch.enable());
        assertEquals(Optional.of(UnitCommand.RESTART), c.units().get(1).command());
    }

    @Test
    void usersFilesAndIgnoredKeys() {
        CloudConfigLoader.Result r = Fixtures.load("valid/users-and-files.yaml");
        assertTrue(r.ok(), r.diagnostics()::toString);
        CloudConfig c = r.config().orElseThrow();
        assertEquals(1, c.sshAuthorizedKeys().size());
        assertTrue(c.sshAuthorizedKeys().get(0).startsWith("ssh-ed25519 "));
        assertEquals(2, c.users().size());
        UserSpec ops = c.users().get(0);
        assertEquals("ops", ops.name());
        assertEquals(List.of("sudo", "docker"), ops.groups());
        assertEquals(Optional.of("Operations"), ops.gecos());
        assertTrue(ops.passwd().orElseThrow().startsWith("$6$"), "passwd is never substituted");
        assertEquals(1, ops.sshAuthorizedKeys().size());
        assertTrue(c.users().get(1).system());
        assertEquals(List.of("docker"), c.users().get(1).groups());

        // write-files (hyphen) is write_files; unquoted 0755 and 644 are octal text, not YAML integers
        assertEquals(2, c.writeFiles().size());
        assertEquals(Optional.of(0755), c.writeFiles().get(0).permissions());
        assertEquals(Optional.of("root:root"), c.writeFiles().get(0).owner());
        assertEquals(Optional.of(0644), c.writeFiles().get(1).permissions());
        assertEquals("key = value\n", c.writeFiles().get(1).content());

        List<String> warnings = r.warnings().stream().map(Diagnostic::format).toList();
        assertEquals(List.of(
                "users-and-files.yaml:4:1: warning: manage_etc_hosts: ignored: Flotilla does not act on "
                        + "manage_etc_hosts (Flotilla does not manage /etc/hosts)",
                "users-and-files.yaml:23:3: warning: coreos.update: ignored: Flotilla does not act on coreos.update "
                        + "(OS updates and reboots are not Flotilla's business)",
                "users-and-files.yaml:35:12: warning: write-files[0].owner: recorded only: Flotilla writes files as "
                        + "the node's own user"), warnings);
    }

    @Test
    void headerOnlyIsAnEmptyValidConfig() {
        CloudConfigLoader.Result r = Fixtures.load("valid/empty.yaml");
        assertTrue(r.ok());
        assertEquals(List.of("empty.yaml: warning: the cloud-config has no settings"),
                r.diagnostics().stream().map(Diagnostic::format).toList());
        assertTrue(r.config().orElseThrow().units().isEmpty());
    }

    static Stream<Arguments> invalidFixtures() {
        return Stream.of(
                Arguments.of("bad-yaml.yaml", "bad-yaml.yaml:6:1: error: invalid YAML: found unexpected end of stream "
                        + "(while scanning a quoted scalar started at line 4)"),
                Arguments.of("bad-indentation.yaml", "bad-indentation.yaml:6:4: error: invalid YAML: expected "
                        + "<block end>, but found '<block sequence start>' (while parsing a block mapping started at "
                        + "line 3)"),
                Arguments.of("wrong-type.yaml",
                        "wrong-type.yaml:4:10: error: coreos.units: expected a list, got \"etcd2.service\""),
                Arguments.of("wrong-bool.yaml",
                        "wrong-bool.yaml:5:15: error: coreos.units[0].enable: expected true or false, got \"maybe\""),
                Arguments.of("bad-enum.yaml", "bad-enum.yaml:12:28: error: coreos.etcd2.initial-cluster-state: "
                        + "expected \"new\" or \"existing\", got \"bogus\""),
                Arguments.of("bad-command.yaml", "bad-command.yaml:5:16: error: coreos.units[0].command: expected one "
                        + "of \"start\", \"stop\", \"restart\", \"reload\", \"try-restart\", \"reload-or-restart\", "
                        + "\"reload-or-try-restart\", got \"launch\""),
                Arguments.of("missing-header.yaml", "missing-header.yaml:1:1: error: the first line must be "
                        + "\"#cloud-config\" (found \"hostname: headless\")"),
                Arguments.of("shell-script.yaml", "shell-script.yaml:1:1: error: the first line must be "
                        + "\"#cloud-config\"; scripts are not supported, only cloud-configs"),
                Arguments.of("write-files-escape.yaml", "write-files-escape.yaml:5:11: error: write_files[1].path: the "
                        + "path \"/etc/../../../outside.txt\" escapes the root directory through .."),
                Arguments.of("bad-permissions.yaml", "bad-permissions.yaml:4:18: error: write_files[0].permissions: "
                        + "expected an octal mode such as '0644', got \"0999\""),
                Arguments.of("bad-encoding.yaml", "bad-encoding.yaml:4:15: error: write_files[0].encoding: expected "
                        + "one of \"b64\", \"base64\", \"gz\", \"gzip\", \"gz+b64\", \"gz+base64\", \"gzip+b64\", "
                        + "\"gzip+base64\", got \"base32\""),
                Arguments.of("duplicate-key.yaml",
                        "duplicate-key.yaml:6:1: error: hostname: duplicate key (first given at line 2)"),
                Arguments.of("custom-tag.yaml", "custom-tag.yaml:2:11: error: invalid YAML: Global tag is not "
                        + "allowed: tag:yaml.org,2002:javax.script.ScriptEngineManager"),
                Arguments.of("conflicting-bootstrap.yaml", "conflicting-bootstrap.yaml:5:16: error: "
                        + "coreos.etcd2.discovery: discovery and initial-cluster are both set; etcd bootstraps with "
                        + "one or the other"),
                Arguments.of("name-not-in-cluster.yaml", "name-not-in-cluster.yaml:5:22: error: "
                        + "coreos.etcd2.initial-cluster: the member name \"delta\" is not in initial-cluster "
                        + "(members: alpha, beta)"),
                Arguments.of("unit-name-path.yaml", "unit-name-path.yaml:4:13: error: coreos.units[0].name: unit name "
                        + "\"../../etc/evil.service\" must not contain a path separator"),
                Arguments.of("merge-key.yaml", "merge-key.yaml:6:5: error: coreos.fleet: YAML merge keys (<<) are not "
                        + "supported; write the keys out"),
                Arguments.of("bad-metadata.yaml",
                        "bad-metadata.yaml:4:15: error: coreos.fleet.metadata: entry \"justakey\" is not key=value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFixtures")
    void invalidFixtureIsRefusedWithItsPosition(String file, String expectedFirstError) {
        CloudConfigLoader.Result r = Fixtures.load("invalid/" + file);
        assertTrue(r.config().isEmpty(), "refused");
        assertFalse(r.errors().isEmpty());
        assertEquals(expectedFirstError, r.errors().get(0).format());
        assertTrue(r.errors().get(0).position().isKnown(), "every fixture error has a line and column");
    }

    @Test
    void allFixtureErrorsAreReportedNotJustTheFirst() {
        CloudConfigLoader.Result r = Fixtures.load("invalid/bad-metadata.yaml");
        assertEquals(List.of(
                "bad-metadata.yaml:4:15: error: coreos.fleet.metadata: entry \"justakey\" is not key=value",
                "bad-metadata.yaml:5:16: error: coreos.fleet.agent-ttl: expected a duration such as \"30s\" or "
                        + "\"1m30s\", got \"forever\""), r.errors().stream().map(Diagnostic::format).toList());
    }

    private static CloudConfigLoader.Result parse(String text) {
        return CloudConfigLoader.parse("t.yaml", text.getBytes(StandardCharsets.UTF_8), Addresses.NONE);
    }

    @Test
    void unknownAddressesAreLeftAsWrittenAndReportedOnce() {
        CloudConfigLoader.Result r = parse("#cloud-config\ncoreos:\n  fleet:\n    public-ip: $public_ipv4\n"
                + "  etcd2:\n    advertise-client-urls: http://$public_ipv4:2379\n");
        assertTrue(r.ok());
        assertEquals(Optional.of("$public_ipv4"), r.config().get().fleet().get().publicIp());
        List<String> warnings = r.warnings().stream().map(Diagnostic::format)
                .filter(w -> w.contains("no public ipv4 address is known")).toList();
        assertEquals(List.of("t.yaml:6:28: warning: coreos.etcd2.advertise-client-urls: $public_ipv4 is used but no "
                + "public ipv4 address is known (give --public-ipv4); left as written"), warnings);
    }

    @Test
    void unknownKeysAreWarnedNotDropped() {
        CloudConfigLoader.Result r = parse("#cloud-config\nhostname: h1\nfrobnicate: true\ncoreos:\n  etcd2:\n"
                + "    name: h1\n    wal-dir: /x\n    sparkle: 3\n");
        assertTrue(r.ok());
        assertEquals(List.of(
                "t.yaml:3:1: warning: frobnicate: unknown key, ignored",
                "t.yaml:7:5: warning: coreos.etcd2.wal-dir: ignored: Flotilla does not act on coreos.etcd2.wal-dir",
                "t.yaml:8:5: warning: coreos.etcd2.sparkle: unknown key, ignored"),
                r.diagnostics().stream().map(Diagnostic::format).toList());
    }

    @Test
    void etcd2TlsKeysAreRead() {
        CloudConfigLoader.Result r = parse("#cloud-config\ncoreos:\n  etcd2:\n    name: h1\n"
                + "    cert_file: /etc/ssl/etcd/h1.pem\n    key-file: /etc/ssl/etcd/h1-key.pem\n"
                + "    trusted_ca_file: /etc/ssl/etcd/ca.pem\n    client_cert_auth: true\n"
                + "    peer_cert_file: /p.pem\n    peer_key_file: /p-key.pem\n    peer_ca_file: /pca.pem\n");
        assertEquals(List.of(), r.diagnostics());
        TlsSettings t = r.config().get().etcd2().get().tls();
        assertEquals(new TlsSettings(Optional.of("/etc/ssl/etcd/h1.pem"), Optional.of("/etc/ssl/etcd/h1-key.pem"),
                Optional.of("/etc/ssl/etcd/ca.pem"), Optional.of(true), Optional.of("/p.pem"), Optional.of("/p-key.pem"),
                Optional.of("/pca.pem"), Optional.of(true)), t, "peer_ca_file is etcd 2.0's trusted CA + cert auth");

        CloudConfigLoader.Result bad = parse("#cloud-config\ncoreos:\n  etcd2:\n    client_cert_auth: maybe\n"
                + "    trusted_ca_file: /ca.pem\n    ca_file: /old.pem\n");
        assertFalse(bad.ok());
        List<String> lines = bad.diagnostics().stream().map(Diagnostic::format).toList();
        assertTrue(lines.get(0).startsWith("t.yaml:4:23: error: coreos.etcd2.client_cert_auth: "), lines.toString());
        assertTrue(lines.contains("t.yaml:6:5: warning: coreos.etcd2.ca_file: ignored: trusted-ca-file is also "
                + "given and wins"), lines.toString());
    }

    @Test
    void invalidUtf8IsRefusedWithItsPosition() {
        byte[] bytes = "#cloud-config\nhostname: ab\n".getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length - 2] = (byte) 0xC3; // a lead byte followed by '\n' is malformed
        CloudConfigLoader.Result r = CloudConfigLoader.parse("t.yaml", bytes, Addresses.NONE);
        assertFalse(r.ok());
        assertEquals("t.yaml:2:12: error: the file is not valid UTF-8 (byte 0xC3 at offset 25)",
                r.errors().get(0).format());
    }

    @Test
    void controlCharactersAreRefusedWithTheirPosition() {
        CloudConfigLoader.Result r = parse("#cloud-config\nhostname: a\u0007b\n");
        assertFalse(r.ok());
        assertEquals("t.yaml:2:12: error: character U+0007 is not allowed in YAML", r.errors().get(0).format());
    }

    @Test
    void localTagsAreRefused() {
        CloudConfigLoader.Result r = parse("#cloud-config\nhostname: !shell rm -rf /\n");
        assertFalse(r.ok());
        assertEquals("t.yaml:2:11: error: hostname: YAML tag !shell is not allowed (only plain YAML values)",
                r.errors().get(0).format());
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        String deep = "#cloud-config\nx: " + "[".repeat(5000) + "]".repeat(5000) + "\n";
        CloudConfigLoader.Result r = parse(deep);
        assertFalse(r.ok());
        assertTrue(r.errors().get(0).format().startsWith("t.yaml:2:"), r.errors()::toString);
        assertTrue(r.errors().get(0).message().contains("Nesting Depth exceeded"), r.errors()::toString);
    }

    @Test
    void oversizedFileIsRefused() {
        byte[] big = new byte[CloudConfigLoader.MAX_FILE_BYTES + 1];
        java.util.Arrays.fill(big, (byte) '#');
        CloudConfigLoader.Result r = CloudConfigLoader.parse("big.yaml", big, Addresses.NONE);
        assertFalse(r.ok());
        assertEquals("big.yaml: error: the file is larger than 2097152 bytes", r.errors().get(0).format());
    }

    @Test
    void missingFileIsADiagnostic() {
        CloudConfigLoader.Result r = CloudConfigLoader.load(java.nio.file.Path.of("/nonexistent/cloud.yaml"),
                Addresses.NONE);
        assertFalse(r.ok());
        assertEquals("/nonexistent/cloud.yaml: error: cannot read the file: no such file", r.errors().get(0).format());
    }

    @Test
    void nullAndEmptyValuesReadAsAbsent() {
        CloudConfigLoader.Result r = parse("#cloud-config\n---\nwrite_files:\nhostname:\ncoreos:\n  etcd2:\n"
                + "    discovery: #REPLACE_ME\n    name: solo\n");
        assertTrue(r.ok(), r.diagnostics()::toString);
        assertEquals(Optional.empty(), r.config().get().hostname());
        assertEquals(Optional.empty(), r.config().get().etcd2().get().discovery());
        assertEquals(List.of(), r.config().get().writeFiles());
    }

    @Test
    void emptyListItemsAndMissingNamesAreErrors() {
        CloudConfigLoader.Result r = parse("#cloud-config\ncoreos:\n  units:\n    -\n    - command: start\n"
                + "users:\n  - name:\n");
        assertEquals(List.of(
                "t.yaml:4:6: error: coreos.units[0]: expected a mapping of keys, got nothing",
                "t.yaml:5:7: error: coreos.units[1].name: a unit needs a name",
                "t.yaml:7:5: error: users[0].name: a user needs a name"),
                r.errors().stream().map(Diagnostic::format).toList());
    }
}
