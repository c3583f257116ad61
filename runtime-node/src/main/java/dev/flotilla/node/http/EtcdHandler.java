package dev.flotilla.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.node.auth.AuthStore;
import dev.flotilla.node.auth.Authorizer;
import dev.flotilla.node.raft.ApplyResult;
import dev.flotilla.node.raft.Batch;
import dev.flotilla.node.raft.Relay;
import dev.flotilla.node.raft.Command;
import dev.flotilla.node.raft.Member;
import dev.flotilla.node.store.ErrorCode;
import dev.flotilla.node.store.EtcdError;
import dev.flotilla.node.store.EtcdJson;
import dev.flotilla.node.store.Event;
import dev.flotilla.node.store.Watcher;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Routes and answers the etcd v2 client API. Never blocks: Raft work completes replies asynchronously. */
public final class EtcdHandler extends Handler.Abstract.NonBlocking {
    private static final String KEYS = "/v2/keys";
    private static final String MEMBERS = "/v2/members";
    private static final long WRITE_TIMEOUT_SECONDS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NodeApi node;
    private final Authorizer authorizer;
    private final AuthHandler auth;

    /** Serves the keys with the cluster's own auth settings. */
    public EtcdHandler(NodeApi node) {
        this(node, new Authorizer(new AuthStore(node.store(), node::write)));
    }

    public EtcdHandler(NodeApi node, Authorizer authorizer) {
        this.node = node;
        this.authorizer = authorizer;
        this.auth = new AuthHandler(authorizer);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Replies.cors(response);
        String path = request.getHttpURI().getDecodedPath();
        String method = request.getMethod();
        if ("OPTIONS".equals(method)) {
            Replies.send(response, callback, 200, null, "");
            return true;
        }
        if (path.equals(KEYS) || path.startsWith(KEYS + "/")) {
            keys(request, response, callback, path.substring(KEYS.length()), method);
        } else if (path.equals(AuthHandler.PREFIX) || path.startsWith(AuthHandler.PREFIX + "/")) {
            auth.handle(request, response, callback, path);
        } else if (path.equals(MEMBERS) || path.startsWith(MEMBERS + "/")) {
            if (!"GET".equals(method) && !"HEAD".equals(method)
                    && !authorizer.isRoot(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
                Replies.message(response, callback, 401, "Insufficient credentials");
                return true;
            }
            members(request, response, callback, path.substring(MEMBERS.length()), method);
        } else if (path.equals(RelayClient.PATH)) {
            relayed(request, response, callback);
        } else if (path.equals("/v2/stats/self")) {
            Replies.send(response, callback, 200, Replies.JSON, node.selfStatsJson());
        } else if (path.equals("/v2/stats/store")) {
            Replies.send(response, callback, 200, Replies.JSON,
                    node.store().stats().toJson(node.store().watcherCount()));
        } else if (path.equals("/v2/stats/leader")) {
            String stats = node.leaderStatsJson();
            if (stats == null) {
                Replies.message(response, callback, 403, "not current leader");
            } else {
                Replies.send(response, callback, 200, Replies.JSON, stats);
            }
        } else if (path.equals("/v2/machines")) {
            List<String> urls = new ArrayList<>();
            for (Member m : node.members()) {
                urls.addAll(m.clientUrls());
            }
            Replies.send(response, callback, 200, Replies.TEXT, String.join(", ", urls));
        } else if (path.equals("/health")) {
            boolean ok = node.leaderId() != null;
            Replies.send(response, callback, ok ? 200 : 503, Replies.TEXT,
                    "{\"health\":\"" + ok + "\"}");
        } else if (path.equals("/version")) {
            Replies.send(response, callback, 200, Replies.JSON, "{\"etcdserver\":\"3.4.23\",\"etcdcluster\":\"3.4.0\"}");
        } else {
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            Replies.send(response, callback, 404, Replies.TEXT, "404 page not found\n");
        }
        return true;
    }

    // ------------------------------------------------------------------ /v2/keys

    private void keys(Request request, Response response, Callback callback, String key, String method) {
        switch (method) {
            case "HEAD", "GET", "PUT", "POST", "DELETE" -> { }
            default -> {
                response.getHeaders().put("Allow", "HEAD,GET,PUT,POST,DELETE");
                response.getHeaders().put("X-Content-Type-Options", "nosniff");
                Replies.send(response, callback, 405, Replies.TEXT, "Method Not Allowed\n");
                return;
            }
        }
        response.getHeaders().put("X-Etcd-Cluster-Id", node.clusterId());
        String query = request.getHttpURI().getQuery();
        boolean readsBody = ("PUT".equals(method) || "POST".equals(method)) && isForm(request);
        if (!readsBody) {
            Form form = new Form();
            form.parse(query);
            keysWithForm(request, response, callback, key, method, form, null);
            return;
        }
        // the body may be %-encoded, three bytes per value byte at worst
        int limit = (int) Math.min(Integer.MAX_VALUE - 16, node.maxValueBytes() * 3 + 65536);
        Content.Source.asByteArrayAsync(request, limit).whenComplete((bytes, err) -> {
            if (err != null && RequestLimits.tooLarge(err)) {
                // a chunked body passed the size limit while streaming in: the same 413 as a too-long Content-Length
                Response.writeError(request, response, callback, 413, "request body larger than "
                        + RequestLimits.maxBodyBytes(node.maxValueBytes()) + " bytes");
                return;
            }
            if (err != null) {
                writeError(response, callback, new EtcdError(ErrorCode.INVALID_FORM,
                        "http: request body too large or unreadable", 0));
                return;
            }
            Form form = new Form();
            form.parse(new String(bytes, StandardCharsets.ISO_8859_1));
            form.parse(query);
            keysWithForm(request, response, callback, key, method, form, bytes);
        });
    }

    private static boolean isForm(Request request) {
        String ct = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (ct == null) {
            return false;
        }
        int semi = ct.indexOf(';');
        String media = (semi < 0 ? ct : ct.substring(0, semi)).trim();
        return media.equalsIgnoreCase("application/x-www-form-urlencoded");
    }

    private void keysWithForm(Request request, Response response, Callback callback, String key, String method,
                              Form form, byte[] body) {
        KeyRequest kr;
        try {
            kr = KeyRequest.parse(method, key, form, dev.flotilla.node.store.Clock.epochNanos(), node.maxValueBytes());
        } catch (EtcdError e) {
            writeError(response, callback, e);
            return;
        }
        boolean recursive = kr.write() != null ? kr.write().recursive() : kr.recursive();
        if (AuthStore.isInternal(kr.path()) || !authorizer.permits(request.getHeaders().get(HttpHeader.AUTHORIZATION),
                kr.path(), kr.write() != null, recursive)) {
            writeError(response, callback, new EtcdError(ErrorCode.UNAUTHORIZED, "Insufficient credentials", 0));
            return;
        }
        if (kr.write() != null) {
            // checked here first: bad input is answered by this member and never travels
            propose(response, callback, kr);
            return;
        }
        if (kr.waitFor()) {
            watch(request, response, callback, kr);
            return;
        }
        if (kr.quorum()) {
            node.quorumRead().orTimeout(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete((v, err) -> {
                if (err != null) {
                    writeError(response, callback, raftError(err));
                } else {
                    get(response, callback, kr);
                }
            });
            return;
        }
        get(response, callback, kr);
    }

    /** Proposes a write (relayed to the leader from a follower); answers once this member has applied it. */
    private void propose(Response response, Callback callback, KeyRequest kr) {
        node.writeAnywhere(kr.write()).orTimeout(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete((r, err) -> {
            if (err != null) {
                writeError(response, callback, raftError(err));
            } else if (r.error() != null) {
                writeError(response, callback, r.error());
            } else {
                writeEvent(response, callback, r.event(), r.raftIndex(), r.raftTerm(), kr.noValueOnSuccess());
            }
        });
    }

    /**
     * The leader's side of {@link dev.flotilla.node.raft.Relay}: a follower's segment of writes, proposed whole
     * in this member's next entry. Only members may send it (their node secret); the follower checked the
     * clients' permissions, internal keys are refused again here.
     */
    private void relayed(Request request, Response response, Callback callback) {
        if (!"POST".equals(request.getMethod())) {
            notAllowed(response, callback, "POST");
            return;
        }
        if (!authorizer.isNode(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            // 403, not 401: a member whose secret is not applied here yet proposes locally instead (RelayClient)
            Replies.message(response, callback, 403, "relayed writes are accepted from members only");
            return;
        }
        Content.Source.asByteArrayAsync(request, (int) RequestLimits.maxBodyBytes(node.maxValueBytes()))
                .whenComplete((bytes, err) -> {
                    if (err != null) {
                        Replies.message(response, callback, 400, "cannot read the relayed writes: " + err.getMessage());
                        return;
                    }
                    Batch.Segment segment;
                    try {
                        segment = Relay.decode(bytes);
                    } catch (java.io.IOException e) {
                        Replies.message(response, callback, 400, "bad relayed writes: " + e.getMessage());
                        return;
                    }
                    for (var c : segment.commands()) {
                        if (AuthStore.isInternal(((Command.Write) c).request().path())) {
                            Replies.message(response, callback, 403, "Insufficient credentials");
                            return;
                        }
                    }
                    node.proposeRelayed(segment, bytes.length).orTimeout(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                            .whenComplete((v, e) -> {
                                if (e != null) {
                                    Replies.message(response, callback, 503, raftError(e).causeText());
                                } else {
                                    response.setStatus(204);
                                    response.write(true, null, callback);
                                }
                            });
                });
    }

    private void get(Response response, Callback callback, KeyRequest kr) {
        long raftIndex = node.raftIndex();
        long term = node.raftTerm();
        try {
            Event e = node.store().get(kr.path(), kr.recursive(), kr.sorted(), dev.flotilla.node.store.Clock.epochNanos());
            writeEvent(response, callback, e, raftIndex, term, false);
        } catch (EtcdError err) {
            writeError(response, callback, err);
        }
    }

    private void watch(Request request, Response response, Callback callback, KeyRequest kr) {
        WatchResponder responder = new WatchResponder(response, callback, kr.stream(), node.store());
        long raftIndex = node.raftIndex();
        long term = node.raftTerm();
        Watcher w;
        try {
            w = node.store().watch(kr.path(), kr.recursive(), kr.stream(), kr.waitIndex(), responder::onEvent);
        } catch (EtcdError e) {
            writeError(response, callback, e);
            return;
        }
        // a watch may wait for hours: no idle timeout, but notice when the client goes away
        request.addIdleTimeoutListener(t -> false);
        request.addFailureListener(responder::fail);
        responder.start(w, raftIndex, term);
    }

    private static EtcdError raftError(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        String cause = t instanceof TimeoutException ? "etcdserver: request timed out"
                : "etcdserver: " + (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        return new EtcdError(ErrorCode.RAFT_INTERNAL, cause, 0);
    }

    private static void writeEvent(Response response, Callback callback, Event e, long raftIndex, long term,
                                   boolean noValue) {
        response.getHeaders().put("X-Etcd-Index", Long.toString(e.etcdIndex()));
        response.getHeaders().put("X-Raft-Index", Long.toString(raftIndex));
        response.getHeaders().put("X-Raft-Term", Long.toString(term));
        Replies.send(response, callback, e.isCreated() ? 201 : 200, Replies.JSON, e.toJson(noValue));
    }

    private static void writeError(Response response, Callback callback, EtcdError e) {
        response.getHeaders().put("X-Etcd-Index", Long.toString(e.index()));
        Replies.send(response, callback, e.code().httpStatus, Replies.JSON, e.toJson());
    }

    // ------------------------------------------------------------------ /v2/members

    private void members(Request request, Response response, Callback callback, String rest, String method) {
        response.getHeaders().put("X-Etcd-Cluster-Id", node.clusterId());
        if (rest.equals("") || rest.equals("/")) {
            switch (method) {
                case "GET", "HEAD" -> {
                    StringBuilder sb = new StringBuilder("{\"members\":[");
                    List<Member> all = node.members();
                    for (int i = 0; i < all.size(); i++) {
                        if (i > 0) {
                            sb.append(',');
                        }
                        member(sb, all.get(i));
                    }
                    Replies.send(response, callback, 200, Replies.JSON, sb.append("]}\n").toString());
                }
                case "POST" -> withPeerUrls(request, response, callback, urls -> {
                    Member m = new Member(node.memberIdFor(urls), "", urls, List.of());
                    return node.changeMembers(new Command.AddMember(m));
                }, 201);
                default -> notAllowed(response, callback, "GET,POST");
            }
            return;
        }
        String id = rest.substring(1);
        if (id.equals("leader")) {
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                notAllowed(response, callback, "GET");
                return;
            }
            String leader = node.leaderId();
            Member m = leader == null ? null : node.members().stream().filter(x -> x.id().equals(leader))
                    .findFirst().orElse(null);
            if (m == null) {
                Replies.message(response, callback, 503, "During leader election");
            } else {
                StringBuilder sb = new StringBuilder();
                member(sb, m);
                Replies.send(response, callback, 200, Replies.JSON, sb.append('\n').toString());
            }
            return;
        }
        switch (method) {
            case "DELETE" -> complete(response, callback, node.changeMembers(new Command.RemoveMember(id)), 204);
            case "PUT" -> withPeerUrls(request, response, callback,
                    urls -> node.changeMembers(new Command.UpdateMember(id, urls)), 204);
            default -> notAllowed(response, callback, "DELETE,PUT");
        }
    }

    private interface MemberChange {
        CompletableFuture<ApplyResult> apply(List<String> peerUrls);
    }

    private void withPeerUrls(Request request, Response response, Callback callback, MemberChange change,
                              int okStatus) {
        String ct = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (ct == null || !ct.toLowerCase().startsWith("application/json")) {
            Replies.message(response, callback, 415,
                    "Bad Content-Type " + (ct == null ? "" : ct) + ", accept application/json");
            return;
        }
        Content.Source.asByteArrayAsync(request, 65536).whenComplete((bytes, err) -> {
            List<String> urls;
            try {
                if (err != null) {
                    throw new IllegalArgumentException("unreadable request body");
                }
                urls = peerUrls(bytes);
            } catch (IllegalArgumentException e) {
                Replies.message(response, callback, 400, e.getMessage());
                return;
            }
            complete(response, callback, change.apply(urls), okStatus);
        });
    }

    /** Reads {"peerURLs":[...]} and checks each is an http(s) URL with host and port. */
    static List<String> peerUrls(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("invalid JSON body: " + e.getMessage());
        }
        JsonNode list = root == null ? null : root.get("peerURLs");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("peerURLs: a non-empty list of URLs is required");
        }
        List<String> urls = new ArrayList<>();
        for (JsonNode u : list) {
            String s = u.asText();
            try {
                URI uri = new URI(s);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                        || uri.getPort() < 0) {
                    throw new IllegalArgumentException("peerURLs: " + s + " is not an http(s)://host:port URL");
                }
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("peerURLs: " + s + " is not a URL (" + e.getReason() + ")");
            }
            urls.add(s);
        }
        return urls;
    }

    private void complete(Response response, Callback callback, CompletableFuture<ApplyResult> f, int okStatus) {
        f.orTimeout(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete((r, err) -> {
            if (err != null) {
                Replies.message(response, callback, 500, raftError(err).causeText());
            } else if (r.memberError() != null) {
                Replies.message(response, callback, r.memberError().status(), r.memberError().message());
            } else if (okStatus == 204) {
                response.setStatus(204);
                response.write(true, null, callback);
            } else {
                StringBuilder sb = new StringBuilder();
                member(sb, r.member());
                Replies.send(response, callback, okStatus, Replies.JSON, sb.append('\n').toString());
            }
        });
    }

    private static void notAllowed(Response response, Callback callback, String allow) {
        response.getHeaders().put("Allow", allow);
        Replies.send(response, callback, 405, Replies.TEXT, "Method Not Allowed\n");
    }

    static void member(StringBuilder sb, Member m) {
        sb.append("{\"id\":");
        EtcdJson.string(sb, m.id());
        sb.append(",\"name\":");
        EtcdJson.string(sb, m.name());
        sb.append(",\"peerURLs\":");
        list(sb, m.peerUrls());
        sb.append(",\"clientURLs\":");
        list(sb, m.clientUrls());
        sb.append('}');
    }

    private static void list(StringBuilder sb, List<String> l) {
        sb.append('[');
        for (int i = 0; i < l.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            EtcdJson.string(sb, l.get(i));
        }
        sb.append(']');
    }
}
