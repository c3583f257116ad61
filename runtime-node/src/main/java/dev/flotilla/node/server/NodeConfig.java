package dev.flotilla.node.server;

import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A member's configuration with etcd's flag names and defaults. {@link #validate()} reports the first
 * problem naming the flag and the offending value.
 */
public final class NodeConfig {
    public String name = "default";
    public File dataDir;
    public List<URI> listenClientUrls = List.of(URI.create("http://localhost:2379"));
    public List<URI> advertiseClientUrls = List.of(URI.create("http://localhost:2379"));
    public List<URI> listenPeerUrls = List.of(URI.create("http://localhost:2380"));
    public List<URI> initialAdvertisePeerUrls = List.of(URI.create("http://localhost:2380"));
    /** name -> peer URLs; empty means just this member. */
    public Map<String, List<String>> initialCluster = new LinkedHashMap<>();
    public String initialClusterState = "new";
    public String initialClusterToken = "etcd-cluster";
    public long snapshotCount = 10_000;
    public long maxValueBytes = 1 << 20;
    /** etcd has no such bound; one client's watches are what a node holds the most of. */
    public int maxWatchesPerClient = dev.flotilla.node.http.RequestLimits.DEFAULT_MAX_WATCHES_PER_CLIENT;
    /** Client TLS (etcd's --cert-file, --key-file, --trusted-ca-file, --client-cert-auth); null fields when unset. */
    public java.nio.file.Path certFile;
    public java.nio.file.Path keyFile;
    public java.nio.file.Path trustedCaFile;
    public boolean clientCertAuth;
    /** Peer (Raft) TLS: etcd's --peer-* twins. */
    public java.nio.file.Path peerCertFile;
    public java.nio.file.Path peerKeyFile;
    public java.nio.file.Path peerTrustedCaFile;
    public boolean peerClientCertAuth;

    /** The client-side TLS files, or null when no client URL is https://. */
    public dev.flotilla.node.tls.TlsFiles clientTls() {
        boolean https = listenClientUrls.stream().anyMatch(u -> "https".equals(u.getScheme()));
        return https ? new dev.flotilla.node.tls.TlsFiles(certFile, keyFile, trustedCaFile, clientCertAuth, "--")
                : null;
    }

    /** The peer TLS files, or null when the peer URLs are http://. */
    public dev.flotilla.node.tls.TlsFiles peerTls() {
        boolean https = listenPeerUrls.stream().anyMatch(u -> "https".equals(u.getScheme()));
        return https ? new dev.flotilla.node.tls.TlsFiles(peerCertFile, peerKeyFile, peerTrustedCaFile,
                peerClientCertAuth, "--peer-") : null;
    }

    /** Parses a comma-separated URL list for the named flag. */
    public static List<URI> urls(String flag, String value) {
        List<URI> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String s = part.trim();
            if (s.isEmpty()) {
                continue;
            }
            out.add(url(flag, s));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(flag + ": at least one URL is required");
        }
        return out;
    }

    static URI url(String flag, String s) {
        try {
            URI u = new URI(s);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                throw new IllegalArgumentException(flag + ": " + s + ": only http:// and https:// URLs are supported");
            }
            if (u.getHost() == null || u.getPort() <= 0 || u.getPort() > 65535) {
                throw new IllegalArgumentException(flag + ": " + s + ": expected http(s)://host:port");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(flag + ": " + s + ": not a URL (" + e.getReason() + ")");
        }
    }

    /** Parses etcd's --initial-cluster "n1=http://h:p,n2=http://h:p" (a name may repeat for several URLs). */
    public static Map<String, List<String>> initialCluster(String value) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String part : value.split(",")) {
            String s = part.trim();
            if (s.isEmpty()) {
                continue;
            }
            int eq = s.indexOf('=');
            if (eq <= 0 || eq == s.length() - 1) {
                throw new IllegalArgumentException("--initial-cluster: \"" + s + "\": expected name=http://host:port");
            }
            String name = s.substring(0, eq);
            URI u = url("--initial-cluster (" + name + ")", s.substring(eq + 1));
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(u.toString());
        }
        return out;
    }

    public void validate() {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("--name: must not be empty");
        }
        if (!"new".equals(initialClusterState) && !"existing".equals(initialClusterState)) {
            throw new IllegalArgumentException("--initial-cluster-state: \"" + initialClusterState
                    + "\": expected new or existing");
        }
        if (initialCluster.isEmpty()) {
            List<String> self = new ArrayList<>();
            initialAdvertisePeerUrls.forEach(u -> self.add(u.toString()));
            initialCluster.put(name, self);
        }
        List<String> mine = initialCluster.get(name);
        if (mine == null) {
            throw new IllegalArgumentException("--initial-cluster: has no entry for this member's --name \"" + name
                    + "\"");
        }
        List<String> advertised = new ArrayList<>();
        initialAdvertisePeerUrls.forEach(u -> advertised.add(u.toString()));
        if (!new java.util.HashSet<>(mine).equals(new java.util.HashSet<>(advertised))) {
            throw new IllegalArgumentException("--initial-cluster: " + name + "=" + mine
                    + " does not match --initial-advertise-peer-urls " + advertised);
        }
        if (snapshotCount < 1) {
            throw new IllegalArgumentException("--snapshot-count: must be at least 1");
        }
        if (maxWatchesPerClient < 1) {
            throw new IllegalArgumentException("--max-watches-per-client: must be at least 1");
        }
        if (maxValueBytes < 1 || maxValueBytes > (256L << 20)) {
            throw new IllegalArgumentException("--max-value-bytes: must be between 1 and 268435456");
        }
        // load the TLS files now, so a bad file is reported before anything starts
        if (clientTls() != null) {
            clientTls().load();
        }
        if (peerTls() != null) {
            peerTls().load();
        }
        boolean httpsPeers = listenPeerUrls.stream().anyMatch(u -> "https".equals(u.getScheme()));
        if (httpsPeers && listenPeerUrls.stream().anyMatch(u -> "http".equals(u.getScheme()))) {
            throw new IllegalArgumentException("--listen-peer-urls: the Raft transport is either all http:// or all "
                    + "https://");
        }
        if (dataDir == null) {
            dataDir = new File(name + ".etcd");
        }
    }
}
