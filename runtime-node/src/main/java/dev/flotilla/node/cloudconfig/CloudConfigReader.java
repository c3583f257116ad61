package dev.flotilla.node.cloudconfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a composed cloud-config node tree into {@link CloudConfig}, section by section, reporting wrong types,
 * bad values, ignored and unknown keys. Only keys of the schema are descended into, so the work is bounded by the
 * schema's shape, not by how a hostile file nests or aliases its values.
 */
final class CloudConfigReader {

    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern GO_DURATION = Pattern.compile("([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+");
    private static final Pattern OCTAL_MODE = Pattern.compile("0?[0-7]{3,4}");
    private static final Pattern HOST_PORT = Pattern.compile("[^\\s/:]+:[0-9]{1,5}");
    private static final Pattern SSH_KEY = Pattern.compile(
            "(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp(256|384|521)|sk-[a-z0-9@.-]+)\\s+[A-Za-z0-9+/=]+(\\s.*)?");
    private static final List<String> UNIT_SUFFIXES = List.of(".service", ".socket", ".mount", ".automount",
            ".path", ".timer", ".target", ".swap", ".slice", ".scope", ".device", ".network", ".netdev", ".link");

    private static final Map<String, String> IGNORED_TOP = ignored(
            "manage_etc_hosts", "Flotilla does not manage /etc/hosts");
    private static final Map<String, String> IGNORED_COREOS = ignored(
            "update", "OS updates and reboots are not Flotilla's business",
            "locksmith", "reboot coordination is not Flotilla's business",
            "flannel", "overlay networking is not configured by Flotilla",
            "oem", "OEM descriptions are informational");
    private static final Map<String, String> IGNORED_ETCD2 = ignored(
            "discovery-srv", "DNS SRV discovery is not supported; use discovery or initial-cluster",
            "discovery-fallback", "", "discovery-proxy", "", "proxy", "", "proxy-failure-wait", "",
            "proxy-refresh-interval", "", "proxy-dial-timeout", "", "proxy-write-timeout", "",
            "proxy-read-timeout", "", "cors", "", "max-snapshots", "", "max-wals", "", "snapshot-count", "",
            "debug", "", "log-package-levels", "", "force-new-cluster", "",
            "strict-reconfig-check", "", "wal-dir", "", "enable-pprof", "");
    private static final Map<String, String> IGNORED_ETCD = ignored(
            "snapshot", "", "snapshot-count", "", "cluster-active-size", "", "cluster-remove-delay", "",
            "cluster-sync-interval", "", "cors", "", "cpu-profile-file", "", "max-result-buffer", "",
            "max-retry-attempts", "", "peers-file", "", "verbose", "", "very-verbose", "", "ca-file", "",
            "cert-file", "", "key-file", "", "peer-ca-file", "", "peer-cert-file", "", "peer-key-file", "",
            "http-read-timeout", "", "http-write-timeout", "", "retry-interval", "", "max-cluster-size", "",
            "graphite-host", "");
    private static final Map<String, String> IGNORED_FLEET = ignored(
            "verbosity", "", "etcd-cafile", "", "etcd-certfile", "", "etcd-keyfile", "",
            "authorized-keys-file", "", "disable-engine", "", "disable-watches", "", "token-limit", "",
            "enable-grpc", "", "engine-reconcile-interval-ms", "");
    private static final Map<String, String> IGNORED_USER = ignored(
            "coreos-ssh-import-github", "keys are not fetched from GitHub",
            "coreos-ssh-import-github-users", "keys are not fetched from GitHub",
            "coreos-ssh-import-url", "keys are not fetched from URLs",
            "no-create-home", "", "no-user-group", "", "no-log-init", "", "lock-passwd", "");

    private final Diagnostics diagnostics;
    private final Values values;
    private final String source;

    CloudConfigReader(String source, Diagnostics diagnostics, Addresses addresses) {
        this.source = source;
        this.diagnostics = diagnostics;
        this.values = new Values(diagnostics, new Substitution(addresses, diagnostics));
    }

    private static Map<String, String> ignored(String... keyAndReason) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyAndReason.length; i += 2) {
            m.put(Fields.normalize(keyAndReason[i]), keyAndReason[i + 1]);
        }
        return m;
    }

    CloudConfig read(Node root) {
        Optional<String> hostname = Optional.empty();
        Optional<EtcdSettings> etcd = Optional.empty();
        Optional<Etcd2Settings> etcd2 = Optional.empty();
        Optional<FleetSettings> fleet = Optional.empty();
        List<UnitSpec> units = List.of();
        List<WriteFile> writeFiles = List.of();
        List<String> sshKeys = List.of();
        List<UserSpec> users = List.of();

        if (Values.isNull(root)) {
            diagnostics.warning(Position.NONE, "", "the cloud-config has no settings");
        } else if (!(root instanceof MappingNode top)) {
            diagnostics.error(Values.at(root), "", "the top level must be a mapping of keys, got "
                    + Values.describe(root));
        } else {
            Fields f = new Fields(top, "");
            hostname = hostname(f.take("hostname"));
            Fields.Field coreos = f.take("coreos");
            MappingNode coreosMap = coreos == null ? null : values.mapping(coreos.value(), coreos.path());
            if (coreosMap != null) {
                Fields c = new Fields(coreosMap, coreos.path());
                etcd = etcd(c.take("etcd"));
                etcd2 = etcd2(c.take("etcd2"));
                fleet = fleet(c.take("fleet"));
                units = units(c.take("units"));
                c.finish(diagnostics, IGNORED_COREOS);
                if (etcd.isPresent() && etcd2.isPresent()) {
                    diagnostics.warning(Values.at(coreosMap), coreos.path(),
                            "both coreos.etcd and coreos.etcd2 are given; Flotilla uses coreos.etcd2");
                }
            }
            writeFiles = writeFiles(f.take("write_files"));
            Fields.Field keys = f.take("ssh_authorized_keys");
            sshKeys = keys == null ? List.of() : sshKeys(keys.value(), keys.path());
            users = users(f.take("users"));
            f.finish(diagnostics, IGNORED_TOP);
        }
        return new CloudConfig(source, hostname, etcd, etcd2, fleet, units, writeFiles, sshKeys, users);
    }

    // ---- hostname

    private Optional<String> hostname(Fields.Field f) {
        if (f == null) {
            return Optional.empty();
        }
        Optional<String> h = values.string(f.value(), f.path());
        h.ifPresent(v -> {
            if (!HOSTNAME.matcher(v).matches()) {
                diagnostics.warning(f.at(), f.path(), Values.quote(v) + " is not a valid host name");
            }
        });
        return h;
    }

    // ---- coreos.etcd2

    private Optional<Etcd2Settings> etcd2(Fields.Field field) {
        MappingNode m = field == null ? null : values.mapping(field.value(), field.path());
        if (m == null) {
            return Optional.empty();
        }
        Fields f = new Fields(m, field.path());
        Optional<String> name = str(f, "name");
        Optional<String> dataDir = str(f, "data-dir");
        Fields.Field discoveryField = f.take("discovery");
        Optional<String> discovery = url(discoveryField);
        Optional<String> token = str(f, "initial-cluster-token");
        List<String> advertiseClient = urls(f.take("advertise-client-urls"));
        List<String> advertisePeer = urls(f.take("initial-advertise-peer-urls"));
        List<String> listenClient = urls(f.take("listen-client-urls"));
        List<String> listenPeer = urls(f.take("listen-peer-urls"));
        Fields.Field clusterField = f.take("initial-cluster");
        Map<String, List<String>> cluster = initialCluster(clusterField);
        Optional<ClusterState> state = clusterState(f.take("initial-cluster-state"));
        Optional<Integer> election = millis(f, "election-timeout", "peer-election-timeout");
        Optional<Integer> heartbeat = millis(f, "heartbeat-interval", "peer-heartbeat-interval");
        TlsSettings tls = tls(f);
        f.finish(diagnostics, IGNORED_ETCD2);

        Position at = Values.at(m);
        if (discovery.isPresent() && !cluster.isEmpty()) {
            diagnostics.error(discoveryField.at(), discoveryField.path(),
                    "discovery and initial-cluster are both set; etcd bootstraps with one or the other");
        }
        if (name.isPresent() && !cluster.isEmpty() && !cluster.containsKey(name.get())) {
            diagnostics.error(clusterField.at(), clusterField.path(), "the member name " + Values.quote(name.get())
                    + " is not in initial-cluster (members: " + String.join(", ", cluster.keySet()) + ")");
        }
        if (election.isPresent() && heartbeat.isPresent() && election.get() < 5 * heartbeat.get()) {
            diagnostics.error(at, field.path(), "election-timeout (" + election.get()
                    + " ms) must be at least 5 times heartbeat-interval (" + heartbeat.get() + " ms), as etcd requires");
        }
        return Optional.of(new Etcd2Settings(name, dataDir, discovery, token, advertiseClient, advertisePeer,
                listenClient, listenPeer, cluster, state, election, heartbeat, tls));
    }

    /** etcd2's TLS keys; {@code ca_file} is etcd 2.0's spelling of a trusted CA with certificate auth on. */
    private TlsSettings tls(Fields f) {
        Optional<String> cert = str(f, "cert-file");
        Optional<String> key = str(f, "key-file");
        Optional<String> trusted = str(f, "trusted-ca-file");
        Optional<Boolean> auth = bool(f, "client-cert-auth");
        Optional<String> legacyCa = caFile(f, "ca-file", trusted.isPresent());
        Optional<String> peerCert = str(f, "peer-cert-file");
        Optional<String> peerKey = str(f, "peer-key-file");
        Optional<String> peerTrusted = str(f, "peer-trusted-ca-file");
        Optional<Boolean> peerAuth = bool(f, "peer-client-cert-auth");
        Optional<String> legacyPeerCa = caFile(f, "peer-ca-file", peerTrusted.isPresent());
        return new TlsSettings(cert, key, trusted.or(() -> legacyCa),
                auth.or(() -> legacyCa.map(x -> true)), peerCert, peerKey, peerTrusted.or(() -> legacyPeerCa),
                peerAuth.or(() -> legacyPeerCa.map(x -> true)));
    }

    private Optional<String> caFile(Fields f, String key, boolean newerGiven) {
        Fields.Field field = f.take(key);
        if (field == null) {
            return Optional.empty();
        }
        if (newerGiven) {
            diagnostics.warning(field.keyAt(), field.path(), "ignored: " + (key.startsWith("peer") ? "peer-" : "")
                    + "trusted-ca-file is also given and wins");
            return Optional.empty();
        }
        return values.string(field.value(), field.path());
    }

    private Optional<Boolean> bool(Fields f, String key) {
        Fields.Field field = f.take(key);
        return field == null ? Optional.empty() : values.bool(field.value(), field.path());
    }

    private Optional<String> str(Fields f, String key) {
        Fields.Field field = f.take(key);
        return field == null ? Optional.empty() : values.string(field.value(), field.path());
    }

    private Optional<Integer> millis(Fields f, String key, String legacyKey) {
        Fields.Field main = f.take(key);
        Fields.Field legacy = f.take(legacyKey);
        if (main != null && legacy != null) {
            diagnostics.warning(legacy.keyAt(), legacy.path(), "ignored: " + key + " is also given and wins");
        }
        Fields.Field use = main != null ? main : legacy;
        return use == null ? Optional.empty() : values.integer(use.value(), use.path(), 1, 3_600_000);
    }

    private Optional<String> url(Fields.Field f) {
        if (f == null) {
            return Optional.empty();
        }
        Optional<String> v = values.string(f.value(), f.path());
        v.ifPresent(u -> checkUrl(u, f));
        return v;
    }

    private List<String> urls(Fields.Field f) {
        if (f == null) {
            return List.of();
        }
        List<String> list = values.commaList(f.value(), f.path());
        for (String u : list) {
            checkUrl(u, f);
        }
        return list;
    }

    /**
     * A malformed URL is a warning, not an error: public cloud-configs are often templates whose placeholders are
     * filled later, and the node checks the URLs it actually binds to.
     */
    private void checkUrl(String url, Fields.Field f) {
        if (url.contains("$public_ipv4") || url.contains("$private_ipv4") || url.contains("{public_ipv4}")
                || url.contains("{private_ipv4}")) {
            return; // the missing address was already reported once; one warning per cause is enough
        }
        boolean ok;
        try {
            URI u = new URI(url);
            ok = ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (URISyntaxException e) {
            ok = false;
        }
        if (!ok) {
            diagnostics.warning(f.at(), f.path(), Values.quote(url) + " is not an http(s) URL with a host");
        }
    }

    private Map<String, List<String>> initialCluster(Fields.Field f) {
        Map<String, List<String>> cluster = new LinkedHashMap<>();
        if (f == null) {
            return cluster;
        }
        for (String entry : values.commaList(f.value(), f.path())) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                diagnostics.error(f.at(), f.path(), "entry " + Values.quote(entry) + " is not name=peer-url");
                continue;
            }
            String url = entry.substring(eq + 1).strip();
            checkUrl(url, f);
            cluster.computeIfAbsent(entry.substring(0, eq).strip(), k -> new ArrayList<>()).add(url);
        }
        cluster.replaceAll((k, v) -> List.copyOf(v));
        return cluster;
    }

    private Optional<ClusterState> clusterState(Fields.Field f) {
        if (f == null) {
            return Optional.empty();
        }
        Optional<String> v = values.string(f.value(), f.path());
        if (v.isEmpty()) {
            return Optional.empty();
        }
        for (ClusterState s : ClusterState.values()) {
            if (s.flagValue().equals(v.get())) {
                return Optional.of(s);
            }
        }
        diagnostics.error(f.at(), f.path(), "expected \"new\" or \"existing\", got " + Values.quote(v.get()));
        return Optional.empty();
    }

    // ---- coreos.etcd (0.4)

    private Optional<EtcdSettings> etcd(Fields.Field field) {
        MappingNode m = field == null ? null : values.mapping(field.value(), field.path());
        if (m == null) {
            return Optional.empty();
        }
        Fields f = new Fields(m, field.path());
        Optional<String> name = str(f, "name");
        Optional<String> dataDir = str(f, "data-dir");
        Optional<String> discovery = url(f.take("discovery"));
        Optional<String> addr = hostPort(f.take("addr"));
        Optional<String> peerAddr = hostPort(f.take("peer-addr"));
        Optional<String> bindAddr = bindAddress(f.take("bind-addr"));
        Optional<String> peerBindAddr = bindAddress(f.take("peer-bind-addr"));
        Fields.Field peersField = f.take("peers");
        List<String> peers = peersField == null ? List.of() : values.commaList(peersField.value(), peersField.path());
        if (!peers.isEmpty()) {
            diagnostics.warning(peersField.at(), peersField.path(), "recorded but not used to bootstrap: legacy peers "
                    + "carry no member names; use coreos.etcd2.initial-cluster or discovery");
        }
        Optional<Integer> election = millis(f, "peer-election-timeout", "election-timeout");
        Optional<Integer> heartbeat = millis(f, "peer-heartbeat-interval", "heartbeat-interval");
        f.finish(diagnostics, IGNORED_ETCD);
        if (election.isPresent() && heartbeat.isPresent() && election.get() <= heartbeat.get()) {
            diagnostics.warning(Values.at(m), field.path(), "peer-election-timeout (" + election.get()
                    + " ms) is not longer than peer-heartbeat-interval (" + heartbeat.get()
                    + " ms); elections would never settle");
        }
        return Optional.of(new EtcdSettings(name, dataDir, discovery, addr, peerAddr, bindAddr, peerBindAddr, peers,
                election, heartbeat));
    }

    private Optional<String> hostPort(Fields.Field f) {
        if (f == null) {
            return Optional.empty();
        }
        Optional<String> v = values.string(f.value(), f.path());
        v.ifPresent(a -> {
            if (!HOST_PORT.matcher(a).matches()) {
                diagnostics.warning(f.at(), f.path(), Values.quote(a) + " is not a host:port address");
            }
        });
        return v;
    }

    /** etcd 0.4 took a bare host for the bind addresses, with the port of the advertised address. */
    private Optional<String> bindAddress(Fields.Field f) {
        if (f == null) {
            return Optional.empty();
        }
        Optional<String> v = values.string(f.value(), f.path());
        v.ifPresent(a -> {
            if (!HOST_PORT.matcher(a).matches() && !a.matches("[^\\s/:]+")) {
                diagnostics.warning(f.at(), f.path(), Values.quote(a) + " is not a host or host:port address");
            }
        });
        return v;
    }

    // ---- coreos.fleet

    private Optional<FleetSettings> fleet(Fields.Field field) {
        MappingNode m = field == null ? null : values.mapping(field.value(), field.path());
        if (m == null) {
            return Optional.empty();
        }
        Fields f = new Fields(m, field.path());
        Map<String, String> metadata = metadata(f.take("metadata"));
        Optional<String> publicIp = str(f, "public-ip");
        Fields.Field ttlField = f.take("agent-ttl");
        Optional<String> ttl = ttlField == null ? Optional.empty() : values.string(ttlField.value(), ttlField.path());
        if (ttl.isPresent() && !GO_DURATION.matcher(ttl.get()).matches()) {
            diagnostics.error(ttlField.at(), ttlField.path(), "expected a duration such as \"30s\" or \"1m30s\", got "
                    + Values.quote(ttl.get()));
            ttl = Optional.empty();
        }
        Optional<Double> reconcile = seconds(f.take("engine-reconcile-interval"));
        List<String> servers = urls(f.take("etcd-servers"));
        Optional<Double> requestTimeout = seconds(f.take("etcd-request-timeout"));
        Optional<String> prefix = str(f, "etcd-key-prefix");
        f.finish(diagnostics, IGNORED_FLEET);
        return Optional.of(new FleetSettings(metadata, publicIp, ttl, reconcile, servers, requestTimeout, prefix));
    }

    private Optional<Double> seconds(Fields.Field f) {
        return f == null ? Optional.empty() : values.positiveNumber(f.value(), f.path());
    }

    /** fleet's {@code k=v,k=v}; a YAML list of {@code k=v} is accepted too, with a note, as some configs use it. */
    private Map<String, String> metadata(Fields.Field f) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (f == null) {
            return metadata;
        }
        if (f.value() instanceof SequenceNode) {
            diagnostics.warning(f.at(), f.path(), "a list is accepted, but fleet expects one string \"k=v,k=v\"");
        }
        for (String entry : values.commaList(f.value(), f.path())) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                diagnostics.error(f.at(), f.path(), "entry " + Values.quote(entry) + " is not key=value");
                continue;
            }
            String key = entry.substring(0, eq).strip();
            if (metadata.put(key, entry.substring(eq + 1).strip()) != null) {
                diagnostics.warning(f.at(), f.path(), "key " + Values.quote(key) + " is given twice; the last wins");
            }
        }
        return metadata;
    }

    // ---- coreos.units

    private List<UnitSpec> units(Fields.Field field) {
        if (field == null) {
            return List.of();
        }
        List<UnitSpec> units = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<Node> items = values.list(field.value(), field.path());
        for (int i = 0; i < items.size(); i++) {
            String path = field.path() + "[" + i + "]";
            MappingNode m = values.item(items.get(i), path);
            if (m == null) {
                continue;
            }
            UnitSpec unit = unit(m, path);
            if (unit != null) {
                Integer before = seen.put(unit.name(), i);
                if (before != null) {
                    diagnostics.warning(unit.at(), path, "unit " + Values.quote(unit.name()) + " is also listed as "
                            + field.path() + "[" + before + "]; both are applied in order");
                }
                units.add(unit);
            }
        }
        return units;
    }

    private UnitSpec unit(MappingNode m, String path) {
        Fields f = new Fields(m, path);
        Fields.Field nameField = f.take("name");
        Optional<String> name = nameField == null ? Optional.empty() : values.string(nameField.value(), nameField.path());
        Optional<UnitCommand> command = Optional.empty();
        Fields.Field cmd = f.take("command");
        if (cmd != null) {
            Optional<String> verb = values.string(cmd.value(), cmd.path());
            if (verb.isPresent()) {
                command = UnitCommand.ofVerb(verb.get());
                if (command.isEmpty()) {
                    diagnostics.error(cmd.at(), cmd.path(), "expected one of " + verbs() + ", got "
                            + Values.quote(verb.get()));
                }
            }
        }
        Optional<String> content = str(f, "content");
        boolean enable = flag(f, "enable");
        boolean runtime = flag(f, "runtime");
        boolean mask = flag(f, "mask");
        List<UnitSpec.DropIn> dropIns = dropIns(f.take("drop-ins"));
        f.finish(diagnostics, Map.of());

        Position at = Values.at(m);
        if (name.isEmpty()) {
            if (nameField == null || Values.isNull(nameField.value())) {
                diagnostics.error(at, path + ".name", "a unit needs a name");
            }
            return null;
        }
        if (!checkFileName(name.get(), nameField, "unit name")) {
            return null;
        }
        if (UNIT_SUFFIXES.stream().noneMatch(name.get()::endsWith)) {
            diagnostics.warning(nameField.at(), nameField.path(), Values.quote(name.get())
                    + " has no known unit type suffix (" + String.join(" ", UNIT_SUFFIXES) + ")");
        }
        if (cmd == null && content.isEmpty() && dropIns.isEmpty() && !enable && !mask) {
            diagnostics.warning(at, path, "unit " + Values.quote(name.get()) + " has no content, command, drop-ins, "
                    + "enable or mask: nothing to do");
        }
        return new UnitSpec(name.get(), command, content, enable, runtime, mask, dropIns, at);
    }

    private static String verbs() {
        StringBuilder b = new StringBuilder();
        for (UnitCommand c : UnitCommand.values()) {
            b.append(b.length() == 0 ? "" : ", ").append('"').append(c.verb()).append('"');
        }
        return b.toString();
    }

    private boolean flag(Fields f, String key) {
        Fields.Field field = f.take(key);
        return field != null && values.bool(field.value(), field.path()).orElse(false);
    }

    /** Unit and drop-in names become file names: no separators, no dot-only names, nothing unprintable. */
    private boolean checkFileName(String name, Fields.Field field, String what) {
        String problem = null;
        if (name.isBlank()) {
            problem = "is empty";
        } else if (name.contains("/") || name.contains("\\")) {
            problem = "must not contain a path separator";
        } else if (name.equals(".") || name.equals("..")) {
            problem = "is not a file name";
        } else if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            problem = "contains a control character";
        }
        if (problem != null) {
            diagnostics.error(field.at(), field.path(), what + " " + Values.quote(name) + " " + problem);
            return false;
        }
        return true;
    }

    private List<UnitSpec.DropIn> dropIns(Fields.Field field) {
        if (field == null) {
            return List.of();
        }
        List<UnitSpec.DropIn> out = new ArrayList<>();
        List<Node> items = values.list(field.value(), field.path());
        for (int i = 0; i < items.size(); i++) {
            String path = field.path() + "[" + i + "]";
            MappingNode m = values.item(items.get(i), path);
            if (m == null) {
                continue;
            }
            Fields f = new Fields(m, path);
            Fields.Field nameField = f.take("name");
            Optional<String> name = nameField == null ? Optional.empty()
                    : values.string(nameField.value(), nameField.path());
            Optional<String> content = str(f, "content");
            f.finish(diagnostics, Map.of());
            Position at = Values.at(m);
            if (name.isEmpty()) {
                if (nameField == null || Values.isNull(nameField.value())) {
                    diagnostics.error(at, path + ".name", "a drop-in needs a name");
                }
                continue;
            }
            if (!checkFileName(name.get(), nameField, "drop-in name")) {
                continue;
            }
            if (!name.get().endsWith(".conf")) {
                diagnostics.warning(nameField.at(), nameField.path(), "systemd only reads drop-ins ending in .conf");
            }
            if (content.isEmpty()) {
                diagnostics.warning(at, path, "drop-in " + Values.quote(name.get()) + " has no content; nothing to write");
                continue;
            }
            out.add(new UnitSpec.DropIn(name.get(), content.get(), at));
        }
        return out;
    }

    // ---- write_files

    private List<WriteFile> writeFiles(Fields.Field field) {
        if (field == null) {
            return List.of();
        }
        List<WriteFile> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<Node> items = values.list(field.value(), field.path());
        for (int i = 0; i < items.size(); i++) {
            String path = field.path() + "[" + i + "]";
            MappingNode m = values.item(items.get(i), path);
            if (m == null) {
                continue;
            }
            WriteFile wf = writeFile(m, path, i);
            if (wf != null) {
                Integer before = seen.put(WriteFilesApplier.normalizedRelative(wf.path()).orElse(wf.path()), i);
                if (before != null) {
                    diagnostics.warning(wf.pathAt(), path + ".path", "also written by " + field.path() + "["
                            + before + "]; the last one wins");
                }
                out.add(wf);
            }
        }
        return out;
    }

    private WriteFile writeFile(MappingNode m, String path, int index) {
        Fields f = new Fields(m, path);
        Fields.Field pathField = f.take("path");
        Optional<String> filePath = pathField == null ? Optional.empty()
                : values.string(pathField.value(), pathField.path());
        Fields.Field contentField = f.take("content");
        Optional<String> content = contentField == null ? Optional.empty()
                : values.string(contentField.value(), contentField.path());
        FileEncoding encoding = FileEncoding.NONE;
        Fields.Field encField = f.take("encoding");
        boolean ok = true;
        if (encField != null) {
            Optional<String> enc = values.string(encField.value(), encField.path());
            if (enc.isPresent()) {
                Optional<FileEncoding> parsed = FileEncoding.parse(enc.get());
                if (parsed.isEmpty()) {
                    diagnostics.error(encField.at(), encField.path(), "expected one of " + FileEncoding.allSpellings()
                            + ", got " + Values.quote(enc.get()));
                    ok = false;
                } else {
                    encoding = parsed.get();
                }
            }
        }
        Optional<Integer> permissions = Optional.empty();
        Fields.Field permField = f.take("permissions");
        if (permField != null) {
            Optional<String> raw = values.raw(permField.value(), permField.path());
            if (raw.isPresent()) {
                String p = raw.get().strip();
                if (OCTAL_MODE.matcher(p).matches()) {
                    permissions = Optional.of(Integer.parseInt(p, 8));
                } else {
                    diagnostics.error(permField.at(), permField.path(), "expected an octal mode such as '0644', got "
                            + Values.quote(p));
                    ok = false;
                }
            }
        }
        Fields.Field ownerField = f.take("owner");
        Optional<String> owner = ownerField == null ? Optional.empty()
                : values.string(ownerField.value(), ownerField.path());
        if (owner.isPresent()) {
            if (!owner.get().matches("[A-Za-z0-9_.][A-Za-z0-9_.-]*(:[A-Za-z0-9_.][A-Za-z0-9_.-]*)?")) {
                diagnostics.error(ownerField.at(), ownerField.path(), "expected user or user:group, got "
                        + Values.quote(owner.get()));
                ok = false;
            } else {
                diagnostics.warning(ownerField.at(), ownerField.path(),
                        "recorded only: Flotilla writes files as the node's own user");
            }
        }
        f.finish(diagnostics, Map.of());

        Position at = Values.at(m);
        if (filePath.isEmpty()) {
            if (pathField == null || Values.isNull(pathField.value())) {
                diagnostics.error(at, path + ".path", "a file needs a path");
            }
            return null;
        }
        Optional<String> pathProblem = WriteFilesApplier.pathProblem(filePath.get());
        if (pathProblem.isPresent()) {
            diagnostics.error(pathField.at(), pathField.path(), pathProblem.get());
            ok = false;
        }
        Position contentAt = contentField == null ? at : contentField.at();
        if (ok && content.isPresent() && encoding != FileEncoding.NONE) {
            try {
                encoding.decode(content.get());
            } catch (FileEncoding.DecodeException e) {
                // a warning: templates carry placeholders here; applying refuses the file until it is filled in
                diagnostics.warning(contentAt, path + ".content", e.getMessage()
                        + "; write_files cannot be applied until it is");
            }
        }
        return ok ? new WriteFile(index, filePath.get(), content.orElse(""), encoding, permissions, owner,
                pathField.at(), contentAt) : null;
    }

    // ---- ssh_authorized_keys and users

    private List<String> sshKeys(Node node, String path) {
        List<String> keys = new ArrayList<>();
        List<Node> items = values.list(node, path);
        for (int i = 0; i < items.size(); i++) {
            String p = path + "[" + i + "]";
            Node item = items.get(i);
            values.string(item, p).ifPresent(k -> {
                String key = k.strip();
                if (!SSH_KEY.matcher(key).matches()) {
                    diagnostics.warning(Values.at(item), p, "does not look like an SSH public key");
                }
                keys.add(key);
            });
        }
        return keys;
    }

    private List<UserSpec> users(Fields.Field field) {
        if (field == null) {
            return List.of();
        }
        List<UserSpec> out = new ArrayList<>();
        List<Node> items = values.list(field.value(), field.path());
        for (int i = 0; i < items.size(); i++) {
            String path = field.path() + "[" + i + "]";
            MappingNode m = values.item(items.get(i), path);
            if (m == null) {
                continue;
            }
            Fields f = new Fields(m, path);
            Fields.Field nameField = f.take("name");
            Optional<String> name = nameField == null ? Optional.empty()
                    : values.string(nameField.value(), nameField.path());
            Fields.Field passwdField = f.take("passwd");
            Optional<String> passwd = passwdField == null ? Optional.empty()
                    : values.raw(passwdField.value(), passwdField.path());
            passwd.ifPresent(p -> {
                if (!p.startsWith("$") && !p.equals("*") && !p.startsWith("!")) {
                    diagnostics.warning(passwdField.at(), passwdField.path(),
                            "does not look like a crypt(3) password hash; never put a clear-text password here");
                }
            });
            Optional<String> gecos = str(f, "gecos");
            Optional<String> homedir = str(f, "homedir");
            Optional<String> shell = str(f, "shell");
            Optional<String> primaryGroup = str(f, "primary-group");
            Fields.Field groupsField = f.take("groups");
            List<String> groups = groupsField == null ? List.of()
                    : values.commaList(groupsField.value(), groupsField.path());
            Fields.Field keysField = f.take("ssh-authorized-keys");
            List<String> keys = keysField == null ? List.of() : sshKeys(keysField.value(), keysField.path());
            boolean system = flag(f, "system");
            f.finish(diagnostics, IGNORED_USER);
            if (name.isEmpty()) {
                if (nameField == null || Values.isNull(nameField.value())) {
                    diagnostics.error(Values.at(m), path + ".name", "a user needs a name");
                }
                continue;
            }
            out.add(new UserSpec(name.get(), passwd, gecos, homedir, shell, primaryGroup, groups, keys, system,
                    Values.at(m)));
        }
        return out;
    }
}
