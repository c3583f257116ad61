package dev.flotilla.node.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.node.raft.ApplyResult;
import dev.flotilla.node.store.Clock;
import dev.flotilla.node.store.EtcdError;
import dev.flotilla.node.store.Event;
import dev.flotilla.node.store.NodeView;
import dev.flotilla.node.store.Store;
import dev.flotilla.node.store.V2Request;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Users, roles and the enabled flag, read from this member's copy of the store and written through Raft so every
 * member decides the same. Lives under the hidden {@code /_auth} directory, which the keys API never serves.
 */
public final class AuthStore {
    public static final String ROOT_DIR = "/_auth";
    public static final String ROOT_USER = "root";
    public static final String ROOT_ROLE = "root";
    public static final String GUEST_ROLE = "guest";
    private static final String ENABLED = ROOT_DIR + "/enabled";
    private static final String USERS = ROOT_DIR + "/users";
    private static final String ROLES = ROOT_DIR + "/roles";
    /** Per member, the SHA-256 of its process's secret for {@link Authorizer#NODE_USER} (see {@link #nodeSecret}). */
    private static final String NODES = ROOT_DIR + "/nodes";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A user: the password is only ever kept hashed. */
    public record User(String name, String passwordHash, List<String> roles) {
        public User {
            roles = List.copyOf(roles);
        }
    }

    public record Role(String name, Permissions permissions) {
    }

    private final Store store;
    private final Function<V2Request, CompletableFuture<ApplyResult>> writer;

    public AuthStore(Store store, Function<V2Request, CompletableFuture<ApplyResult>> writer) {
        this.store = store;
        this.writer = writer;
    }

    /** True for keys the keys API must never serve (the auth data itself). */
    public static boolean isInternal(String key) {
        return key.equals(ROOT_DIR) || key.startsWith(ROOT_DIR + "/");
    }

    public boolean enabled() {
        return "true".equals(value(ENABLED));
    }

    public User user(String name) {
        String v = value(USERS + "/" + name);
        if (v == null) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(v);
            List<String> roles = new ArrayList<>();
            n.path("roles").forEach(r -> roles.add(r.asText()));
            return new User(name, n.path("password").asText(null), roles);
        } catch (IOException e) {
            return null;
        }
    }

    /** The root role is built in and never stored. */
    public Role role(String name) {
        if (ROOT_ROLE.equals(name)) {
            return new Role(ROOT_ROLE, Permissions.ALL);
        }
        String v = value(ROLES + "/" + name);
        if (v == null) {
            return null;
        }
        try {
            JsonNode kv = JSON.readTree(v).path("kv");
            return new Role(name, new Permissions(strings(kv.path("read")), strings(kv.path("write"))));
        } catch (IOException e) {
            return null;
        }
    }

    public List<String> userNames() {
        return names(USERS);
    }

    /** Every role's name, the built-in root included, sorted as etcd lists them. */
    public List<String> roleNames() {
        List<String> out = new ArrayList<>(List.of(ROOT_ROLE));
        out.addAll(names(ROLES));
        java.util.Collections.sort(out);
        return out;
    }

    public CompletableFuture<ApplyResult> putUser(User u) {
        ObjectNode n = JSON.createObjectNode();
        n.put("password", u.passwordHash());
        ArrayNode roles = n.putArray("roles");
        u.roles().forEach(roles::add);
        return writer.apply(V2Request.put(USERS + "/" + u.name(), n.toString()));
    }

    public CompletableFuture<ApplyResult> deleteUser(String name) {
        return writer.apply(V2Request.delete(USERS + "/" + name));
    }

    public CompletableFuture<ApplyResult> putRole(Role r) {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode kv = n.putObject("kv");
        r.permissions().read().forEach(kv.putArray("read")::add);
        r.permissions().write().forEach(kv.putArray("write")::add);
        return writer.apply(V2Request.put(ROLES + "/" + r.name(), n.toString()));
    }

    public CompletableFuture<ApplyResult> deleteRole(String name) {
        return writer.apply(V2Request.delete(ROLES + "/" + name));
    }

    /**
     * Registers a member's node secret (hex SHA-256 of it), so every member accepts that member's services:
     * a follower's engine or agent write is relayed to the leader with the follower's credentials.
     */
    public CompletableFuture<ApplyResult> putNodeSecret(String memberId, String secretSha256) {
        return writer.apply(V2Request.put(NODES + "/" + memberId, secretSha256));
    }

    /** The registered hash of a member's node secret, or null. */
    public String nodeSecret(String memberId) {
        return value(NODES + "/" + memberId);
    }

    /** Is {@code secretSha256} the registered hash of some member's node secret? */
    public boolean isNodeSecret(String secretSha256) {
        byte[] given = secretSha256.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        boolean found = false;
        for (String id : names(NODES)) {
            String v = value(NODES + "/" + id);
            // compare all, in constant time each, so timing tells nothing about which or whether one matched
            found |= v != null && java.security.MessageDigest.isEqual(
                    v.getBytes(java.nio.charset.StandardCharsets.US_ASCII), given);
        }
        return found;
    }

    public CompletableFuture<ApplyResult> setEnabled(boolean on) {
        return writer.apply(V2Request.put(ENABLED, Boolean.toString(on)));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(s -> out.add(s.asText()));
        return out;
    }

    private String value(String key) {
        try {
            Event e = store.get(key, false, false, Clock.epochNanos());
            return e.node().dir() ? null : e.node().value();
        } catch (EtcdError missing) {
            return null;
        }
    }

    private List<String> names(String dir) {
        List<String> out = new ArrayList<>();
        try {
            Event e = store.get(dir, false, true, Clock.epochNanos());
            if (e.node().nodes() != null) {
                for (NodeView n : e.node().nodes()) {
                    out.add(n.key().substring(n.key().lastIndexOf('/') + 1));
                }
            }
        } catch (EtcdError missing) {
            // no entries yet
        }
        return out;
    }
}
