package dev.flotilla.node.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.core.api.ApiJson;
import dev.flotilla.core.api.EtcdError;
import dev.flotilla.core.api.KeyNode;
import dev.flotilla.core.api.KeysResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A new member's side of etcd's discovery protocol (etcd's {@code JoinCluster}), against any discovery URL: a
 * discovery.etcd.io-style {@code http://host:port/<token>} or a plain keys URL
 * {@code http://host:port/v2/keys/_etcd/registry/<token>}. The URL's path is the token's key directory.
 *
 * <ol>
 * <li>check first: a token whose first N registrations are taken fails at once with "cluster is full", without
 * registering;</li>
 * <li>register: {@code PUT <token>/<memberId>?prevExist=false} with {@code value=name=peerURL[,name=peerURL]};</li>
 * <li>check again, then wait (long polls from the index read) until N members are registered;</li>
 * <li>the first N registrations by creation index, joined, are the initial cluster.</li>
 * </ol>
 * Unreachable services and 5xx replies are retried with backoff; protocol refusals end the attempt with etcd's
 * error texts ({@code discovery: cluster is full}, ...).
 */
public final class DiscoveryClient {
    public static final String FULL = "discovery: cluster is full";
    public static final String SIZE_NOT_FOUND = "discovery: size key not found";
    public static final String BAD_SIZE = "discovery: size key is bad";
    public static final String DUPLICATE_ID = "discovery: found duplicate id";
    public static final String DUPLICATE_NAME = "discovery: found duplicate name";
    public static final String INVALID_URL = "discovery: invalid URL";
    public static final String BAD_ENDPOINT = "discovery: bad discovery endpoint";

    private static final ObjectMapper JSON = ApiJson.mapper();
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(8);

    private final URI tokenUrl;
    private final String memberId;
    private final String registration;
    private final Consumer<String> progress;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /**
     * @param discoveryUrl the token URL
     * @param memberId     this member's id (derived from its peer URLs and the discovery URL, as etcd does)
     * @param name         this member's name
     * @param peerUrls     this member's advertised peer URLs
     * @param progress     receives one line per notable step (found peer, waiting, retrying)
     */
    public DiscoveryClient(String discoveryUrl, String memberId, String name, List<String> peerUrls,
                           Consumer<String> progress) throws DiscoveryException {
        this.tokenUrl = parse(discoveryUrl);
        this.memberId = memberId;
        List<String> parts = new ArrayList<>();
        for (String u : peerUrls) {
            parts.add(name + "=" + u);
        }
        this.registration = String.join(",", parts);
        this.progress = progress;
    }

    /** Checks a discovery URL's form: http(s), a host, and a path naming the token. */
    public static URI parse(String discoveryUrl) throws DiscoveryException {
        try {
            URI u = new URI(discoveryUrl);
            String path = u.getPath();
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null
                    || path == null || path.isEmpty() || path.equals("/") || u.getQuery() != null) {
                throw new DiscoveryException(INVALID_URL + ": " + discoveryUrl
                        + " (expected http://host:port/<token>)");
            }
            String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            return new URI(u.getScheme(), u.getRawAuthority(), trimmed, null, null);
        } catch (URISyntaxException e) {
            throw new DiscoveryException(INVALID_URL + ": " + discoveryUrl + " (" + e.getReason() + ")");
        }
    }

    /** Runs the protocol and returns the initial cluster: member name to peer URLs, in registration order. */
    public Map<String, List<String>> join() throws DiscoveryException, InterruptedException {
        check();
        register();
        Checked c = check();
        List<KeyNode> all = waitForAll(c);
        return toCluster(all, c.size);
    }

    private record Checked(List<KeyNode> nodes, int size, long index) {
    }

    /** etcd's checkCluster: the size, the registrations in creation order, and whether this member is among N. */
    private Checked check() throws DiscoveryException, InterruptedException {
        Reply sizeReply = call("GET", tokenUrl + "/_config/size", null);
        if (sizeReply.error != null) {
            if (sizeReply.error.errorCode() == EtcdError.KEY_NOT_FOUND) {
                throw new DiscoveryException(SIZE_NOT_FOUND + " (is " + tokenUrl + " a token from /new?size=N?)");
            }
            throw new DiscoveryException(BAD_ENDPOINT + ": " + sizeReply.error.message());
        }
        int size;
        try {
            size = Integer.parseInt(sizeReply.body.node().value());
        } catch (NumberFormatException | NullPointerException e) {
            throw new DiscoveryException(BAD_SIZE);
        }
        if (size < 1) {
            throw new DiscoveryException(BAD_SIZE);
        }
        Reply dir = call("GET", tokenUrl.toString(), null);
        if (dir.error != null) {
            throw new DiscoveryException(BAD_ENDPOINT + ": " + dir.error.message());
        }
        List<KeyNode> nodes = new ArrayList<>();
        for (KeyNode n : dir.body.node().children()) {
            if (!base(n.key()).equals("_config")) {
                nodes.add(n);
            }
        }
        nodes.sort(Comparator.comparingLong(KeyNode::createdIndex));
        for (int i = 0; i < nodes.size(); i++) {
            if (base(nodes.get(i).key()).equals(memberId)) {
                break;
            }
            if (i >= size - 1) {
                throw new DiscoveryException(FULL + " (" + size + " of " + size + " members registered at "
                        + tokenUrl + "; a token is for one cluster only)");
            }
        }
        return new Checked(nodes, size, dir.index);
    }

    private void register() throws DiscoveryException, InterruptedException {
        String body = "value=" + URLEncoder.encode(registration, StandardCharsets.UTF_8);
        Reply r = call("PUT", tokenUrl + "/" + memberId + "?prevExist=false", body);
        if (r.error != null) {
            if (r.error.errorCode() == EtcdError.NODE_EXIST) {
                throw new DiscoveryException(DUPLICATE_ID + " (" + memberId + " is already registered at "
                        + tokenUrl + ")");
            }
            throw new DiscoveryException(BAD_ENDPOINT + ": " + r.error.message());
        }
        progress.accept("discovery: registered as " + memberId + " (" + registration + ") at " + tokenUrl);
    }

    /** etcd's waitNodes: long-polls the token directory until N registrations are known. */
    private List<KeyNode> waitForAll(Checked c) throws DiscoveryException, InterruptedException {
        List<KeyNode> all = new ArrayList<>(c.nodes.size() > c.size ? c.nodes.subList(0, c.size) : c.nodes);
        Set<String> seen = new LinkedHashSet<>();
        for (KeyNode n : all) {
            seen.add(base(n.key()));
            progress.accept("discovery: found " + (base(n.key()).equals(memberId) ? "self " : "peer ")
                    + base(n.key()) + " (" + n.value() + ")");
        }
        long after = c.index;
        while (all.size() < c.size) {
            progress.accept("discovery: waiting for " + (c.size - all.size()) + " more member"
                    + (c.size - all.size() == 1 ? "" : "s") + " at " + tokenUrl);
            Reply r = call("GET", tokenUrl + "?wait=true&recursive=true&waitIndex=" + (after + 1), null);
            if (r.error != null) {
                if (r.error.errorCode() == EtcdError.EVENT_INDEX_CLEARED) { // history moved on: read afresh
                    Checked again = check();
                    return waitForAll(again);
                }
                throw new DiscoveryException(BAD_ENDPOINT + ": " + r.error.message());
            }
            if (r.body == null || r.body.node() == null) {
                continue; // the server ended the long poll without an event
            }
            KeyNode n = r.body.node();
            after = Math.max(after, n.modifiedIndex());
            String action = r.body.action();
            String name = base(n.key());
            boolean created = "create".equals(action) || "set".equals(action);
            if (created && !n.dir() && !name.equals("_config") && seen.add(name)) {
                all.add(n);
                progress.accept("discovery: found peer " + name + " (" + n.value() + ")");
            }
        }
        return all;
    }

    private Map<String, List<String>> toCluster(List<KeyNode> nodes, int size) throws DiscoveryException {
        List<String> values = new ArrayList<>();
        for (KeyNode n : nodes) {
            values.add(n.value());
        }
        String joined = String.join(",", values);
        Map<String, List<String>> cluster;
        try {
            cluster = dev.flotilla.node.server.NodeConfig.initialCluster(joined);
        } catch (IllegalArgumentException e) {
            throw new DiscoveryException(BAD_ENDPOINT + ": a registration is not name=peerURL: " + e.getMessage());
        }
        if (cluster.size() != size) {
            throw new DiscoveryException(DUPLICATE_NAME + " (" + joined + ")");
        }
        return cluster;
    }

    private static String base(String key) {
        int slash = key == null ? -1 : key.lastIndexOf('/');
        return slash < 0 ? String.valueOf(key) : key.substring(slash + 1);
    }

    private record Reply(KeysResponse body, EtcdError error, long index) {
    }

    /** One request, retried with backoff while the service is unreachable or answers 5xx. */
    private Reply call(String method, String url, String form) throws DiscoveryException, InterruptedException {
        Duration backoff = Duration.ofMillis(250);
        while (true) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
            if (form != null) {
                b.header("Content-Type", "application/x-www-form-urlencoded")
                        .method(method, HttpRequest.BodyPublishers.ofString(form));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            if (!url.contains("wait=true")) {
                b.timeout(Duration.ofSeconds(10));
            }
            String problem;
            try {
                HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                long index = resp.headers().firstValueAsLong("X-Etcd-Index").orElse(0);
                int status = resp.statusCode();
                String body = resp.body();
                if (status < 500) {
                    if (body == null || body.isBlank()) {
                        return new Reply(null, null, index);
                    }
                    try {
                        if (status >= 400) {
                            return new Reply(null, JSON.readValue(body, EtcdError.class), index);
                        }
                        return new Reply(JSON.readValue(body, KeysResponse.class), null, index);
                    } catch (IOException e) {
                        throw new DiscoveryException(BAD_ENDPOINT + ": " + url + " answered " + status
                                + " with something that is not etcd JSON");
                    }
                }
                problem = "HTTP " + status;
            } catch (IOException e) {
                problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            progress.accept("discovery: " + method + " " + url + " failed (" + problem + "); retrying in "
                    + backoff.toMillis() + " ms");
            Thread.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }
}
