package dev.flotilla.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.node.auth.AuthStore;
import dev.flotilla.node.auth.Authorizer;
import dev.flotilla.node.auth.PasswordHash;
import dev.flotilla.node.auth.Permissions;
import dev.flotilla.node.raft.ApplyResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * etcd v2's {@code /v2/auth} API: {@code enable}, {@code users[/name]}, {@code roles[/name]}, with etcd's JSON
 * shapes and {"message":...} errors. While auth is on, only a root user may call it.
 */
final class AuthHandler {
    static final String PREFIX = "/v2/auth";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 65536;

    private final Authorizer authorizer;
    private final AuthStore auth;

    AuthHandler(Authorizer authorizer) {
        this.authorizer = authorizer;
        this.auth = authorizer.store();
    }

    /** A refusal carrying etcd's status and message. */
    private static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    void handle(Request request, Response response, Callback callback, String path) {
        String method = request.getMethod();
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        // etcd lets anyone ask whether auth is on; everything else is root's once it is
        if (!(path.equals(PREFIX + "/enable") && read) && !authorizer.isRoot(authorization)) {
            Replies.message(response, callback, 401, "Insufficient credentials");
            return;
        }
        if (path.equals(PREFIX + "/enable")) {
            switch (method) {
                case "GET", "HEAD" -> Replies.send(response, callback, 200, Replies.JSON,
                        "{\"enabled\":" + auth.enabled() + "}");
                case "PUT" -> reply(response, callback, enable(), 200, null);
                case "DELETE" -> reply(response, callback, disable(), 200, null);
                default -> notAllowed(response, callback, "GET,PUT,DELETE");
            }
        } else if (path.equals(PREFIX + "/users") || path.equals(PREFIX + "/users/")) {
            if (!read) {
                notAllowed(response, callback, "GET");
                return;
            }
            ArrayNode list = JSON.createArrayNode();
            for (String name : auth.userNames()) {
                AuthStore.User u = auth.user(name);
                if (u != null) {
                    list.add(userWithRoles(u));
                }
            }
            ObjectNode out = JSON.createObjectNode();
            out.set("users", list);
            Replies.send(response, callback, 200, Replies.JSON, out.toString());
        } else if (path.startsWith(PREFIX + "/users/")) {
            String name = path.substring((PREFIX + "/users/").length());
            switch (method) {
                case "GET", "HEAD" -> {
                    AuthStore.User u = auth.user(name);
                    if (u == null) {
                        Replies.message(response, callback, 404, "auth: User " + name + " does not exist.");
                    } else {
                        Replies.send(response, callback, 200, Replies.JSON, userWithRoles(u).toString());
                    }
                }
                case "PUT" -> withBody(request, response, callback, body -> putUser(name, body));
                case "DELETE" -> reply(response, callback, deleteUser(name), 200, null);
                default -> notAllowed(response, callback, "GET,PUT,DELETE");
            }
        } else if (path.equals(PREFIX + "/roles") || path.equals(PREFIX + "/roles/")) {
            if (!read) {
                notAllowed(response, callback, "GET");
                return;
            }
            ArrayNode list = JSON.createArrayNode();
            for (String name : auth.roleNames()) {
                AuthStore.Role r = auth.role(name);
                if (r != null) {
                    list.add(role(r));
                }
            }
            ObjectNode out = JSON.createObjectNode();
            out.set("roles", list);
            Replies.send(response, callback, 200, Replies.JSON, out.toString());
        } else if (path.startsWith(PREFIX + "/roles/")) {
            String name = path.substring((PREFIX + "/roles/").length());
            switch (method) {
                case "GET", "HEAD" -> {
                    AuthStore.Role r = auth.role(name);
                    if (r == null) {
                        Replies.message(response, callback, 404, "auth: Role " + name + " does not exist.");
                    } else {
                        Replies.send(response, callback, 200, Replies.JSON, role(r).toString());
                    }
                }
                case "PUT" -> withBody(request, response, callback, body -> putRole(name, body));
                case "DELETE" -> reply(response, callback, deleteRole(name), 200, null);
                default -> notAllowed(response, callback, "GET,PUT,DELETE");
            }
        } else {
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            Replies.send(response, callback, 404, Replies.TEXT, "404 page not found\n");
        }
    }

    /** The outcome of a change: the status and body to send once the writes have applied. */
    private record Outcome(CompletableFuture<?> done, int status, String body) {
    }

    private interface BodyAction {
        Outcome apply(JsonNode body);
    }

    private void withBody(Request request, Response response, Callback callback, BodyAction action) {
        Content.Source.asByteArrayAsync(request, MAX_BODY).whenComplete((bytes, err) -> {
            try {
                if (err != null) {
                    throw new Refused(400, "request body too large or unreadable (limit " + MAX_BODY + " bytes)");
                }
                JsonNode body;
                try {
                    body = JSON.readTree(bytes);
                } catch (IOException e) {
                    throw new Refused(400, "Invalid JSON in request body.");
                }
                if (body == null || !body.isObject()) {
                    throw new Refused(400, "Invalid JSON in request body.");
                }
                Outcome o = action.apply(body);
                reply(response, callback, o.done(), o.status(), o.body());
            } catch (Refused r) {
                Replies.message(response, callback, r.status, r.getMessage());
            }
        });
    }

    private void reply(Response response, Callback callback, CompletableFuture<?> done, int status, String body) {
        done.orTimeout(10, TimeUnit.SECONDS).whenComplete((r, err) -> {
            Throwable t = err != null && err.getCause() != null ? err.getCause() : err;
            if (t instanceof Refused refused) {
                Replies.message(response, callback, refused.status, refused.getMessage());
            } else if (t != null) {
                Replies.message(response, callback, 500, "etcdserver: " + t.getMessage());
            } else if (r instanceof ApplyResult a && a.error() != null) {
                Replies.message(response, callback, 500, a.error().getMessage());
            } else if (body == null) {
                response.setStatus(status);
                response.write(true, null, callback);
            } else {
                Replies.send(response, callback, status, Replies.JSON, body);
            }
        });
    }

    private static CompletableFuture<?> refused(int status, String message) {
        return CompletableFuture.failedFuture(new Refused(status, message));
    }

    // ------------------------------------------------------------------ enable

    private CompletableFuture<?> enable() {
        if (auth.enabled()) {
            return refused(409, "auth: already enabled");
        }
        AuthStore.User root = auth.user(AuthStore.ROOT_USER);
        if (root == null) {
            return refused(409, "auth: No root user available, please create one");
        }
        // etcd creates the guest role on first enable with full access, so turning auth on locks nobody out
        CompletableFuture<?> guest = auth.role(AuthStore.GUEST_ROLE) == null
                ? auth.putRole(new AuthStore.Role(AuthStore.GUEST_ROLE, Permissions.ALL))
                : CompletableFuture.completedFuture(null);
        return guest.thenCompose(x -> auth.setEnabled(true));
    }

    private CompletableFuture<?> disable() {
        if (!auth.enabled()) {
            return refused(409, "auth: already disabled");
        }
        return auth.setEnabled(false);
    }

    // ------------------------------------------------------------------ users

    private Outcome putUser(String name, JsonNode body) {
        String bodyName = body.path("user").asText(name);
        if (!name.equals(bodyName)) {
            throw new Refused(400, "User JSON name does not match the name in the URL");
        }
        if (!validName(name)) {
            throw new Refused(400, "auth: invalid user name \"" + name + "\"");
        }
        String password = body.path("password").asText("");
        List<String> roles = texts(body.path("roles"), "roles");
        List<String> grant = texts(body.path("grant"), "grant");
        List<String> revoke = texts(body.path("revoke"), "revoke");
        AuthStore.User existing = auth.user(name);
        for (String r : concat(roles, grant)) {
            if (auth.role(r) == null) {
                throw new Refused(404, "auth: Role " + r + " does not exist.");
            }
        }
        if (existing == null) {
            if (!grant.isEmpty() || !revoke.isEmpty()) {
                throw new Refused(404, "auth: User " + name + " does not exist.");
            }
            if (password.isEmpty()) {
                throw new Refused(400, "auth: Cannot create user " + name + " with an empty password");
            }
            LinkedHashSet<String> all = new LinkedHashSet<>(roles);
            if (AuthStore.ROOT_USER.equals(name)) {
                all.add(AuthStore.ROOT_ROLE);
            }
            AuthStore.User u = new AuthStore.User(name, PasswordHash.hash(password), new ArrayList<>(all));
            return new Outcome(auth.putUser(u), 201, userJson(u));
        }
        if (!roles.isEmpty()) {
            throw new Refused(409, "auth: User " + name + " already exists.");
        }
        if (password.isEmpty() && grant.isEmpty() && revoke.isEmpty()) {
            throw new Refused(400, "auth: User not updated. Use grant/revoke/password to update the user.");
        }
        LinkedHashSet<String> all = new LinkedHashSet<>(existing.roles());
        for (String r : grant) {
            if (!all.add(r)) {
                throw new Refused(409, "auth: Granting duplicate role " + r + " for user " + name);
            }
        }
        for (String r : revoke) {
            if (!all.remove(r)) {
                throw new Refused(409, "auth: Revoking ungranted role " + r + " for user " + name);
            }
        }
        String hash = password.isEmpty() ? existing.passwordHash() : PasswordHash.hash(password);
        AuthStore.User u = new AuthStore.User(name, hash, new ArrayList<>(all));
        return new Outcome(auth.putUser(u), 200, userJson(u));
    }

    private CompletableFuture<?> deleteUser(String name) {
        if (auth.user(name) == null) {
            return refused(404, "auth: User " + name + " does not exist"); // etcd's words: no period here
        }
        if (AuthStore.ROOT_USER.equals(name) && auth.enabled()) {
            return refused(403, "auth: Cannot delete root user while auth is enabled.");
        }
        return auth.deleteUser(name);
    }

    // ------------------------------------------------------------------ roles

    private Outcome putRole(String name, JsonNode body) {
        String bodyName = body.path("role").asText(name);
        if (!name.equals(bodyName)) {
            throw new Refused(400, "Role JSON name does not match the name in the URL");
        }
        if (!validName(name)) {
            throw new Refused(400, "auth: invalid role name \"" + name + "\"");
        }
        if (AuthStore.ROOT_ROLE.equals(name)) {
            throw new Refused(403, "auth: Cannot modify role " + name + ": is root role.");
        }
        Permissions perms = permissions(body.path("permissions"), "permissions");
        Permissions grant = permissions(body.path("grant"), "grant");
        Permissions revoke = permissions(body.path("revoke"), "revoke");
        AuthStore.Role existing = auth.role(name);
        if (existing == null) {
            if (body.has("grant") || body.has("revoke")) {
                throw new Refused(404, "auth: Role " + name + " does not exist.");
            }
            AuthStore.Role r = new AuthStore.Role(name, perms);
            return new Outcome(auth.putRole(r), 201, role(r).toString());
        }
        if (body.has("permissions") && !body.has("grant") && !body.has("revoke")) {
            throw new Refused(409, "auth: Role " + name + " already exists.");
        }
        Permissions held = existing.permissions();
        // etcd refuses a duplicate grant, and a change that changes nothing, instead of answering as if it had acted
        for (String p : grant.read()) {
            if (held.read().contains(p)) {
                throw new Refused(409, "auth: Granting duplicate read permission " + p);
            }
        }
        for (String p : grant.write()) {
            if (held.write().contains(p)) {
                throw new Refused(409, "auth: Granting duplicate write permission " + p);
            }
        }
        Permissions changed = held.grant(grant).revoke(revoke);
        if (changed.equals(held)) {
            throw new Refused(400, "auth: Role not updated. Use grant/revoke to update the role.");
        }
        AuthStore.Role r = new AuthStore.Role(name, changed);
        return new Outcome(auth.putRole(r), 200, role(r).toString());
    }

    private CompletableFuture<?> deleteRole(String name) {
        if (AuthStore.ROOT_ROLE.equals(name)) {
            return refused(403, "auth: Cannot modify role " + name + ": is root role.");
        }
        if (auth.role(name) == null) {
            return refused(404, "auth: Role " + name + " doesn't exist."); // etcd's words on delete
        }
        return auth.deleteRole(name);
    }

    // ------------------------------------------------------------------ JSON

    private static boolean validName(String name) {
        // names starting with _ are the node's own (Authorizer.NODE_USER)
        return !name.isEmpty() && !name.startsWith("_") && !name.contains("/") && name.length() <= 128;
    }

    private static List<String> texts(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        if (n.isMissingNode() || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw new Refused(400, "Invalid JSON in request body: \"" + field + "\" must be a list of names");
        }
        n.forEach(s -> out.add(s.asText()));
        return out;
    }

    /** {"kv":{"read":[...],"write":[...]}}; a pattern must be a key path. */
    private static Permissions permissions(JsonNode n, String field) {
        if (n.isMissingNode() || n.isNull()) {
            return Permissions.NONE;
        }
        JsonNode kv = n.path("kv");
        List<String> read = texts(kv.path("read"), field + ".kv.read");
        List<String> write = texts(kv.path("write"), field + ".kv.write");
        for (String p : concat(read, write)) {
            if (!p.startsWith("/")) {
                throw new Refused(400, "Invalid JSON in request body: " + field + ": \"" + p
                        + "\" is not a key path (it must start with /)");
            }
        }
        return new Permissions(read, write);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static String userJson(AuthStore.User u) {
        ObjectNode n = JSON.createObjectNode();
        n.put("user", u.name());
        u.roles().forEach(n.putArray("roles")::add);
        return n.toString();
    }

    private ObjectNode userWithRoles(AuthStore.User u) {
        ObjectNode n = JSON.createObjectNode();
        n.put("user", u.name());
        ArrayNode roles = n.putArray("roles");
        for (String r : u.roles()) {
            AuthStore.Role role = auth.role(r);
            if (role != null) {
                roles.add(role(role));
            }
        }
        return n;
    }

    private static ObjectNode role(AuthStore.Role r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("role", r.name());
        ObjectNode kv = n.putObject("permissions").putObject("kv");
        r.permissions().read().forEach(kv.putArray("read")::add);
        r.permissions().write().forEach(kv.putArray("write")::add);
        return n;
    }

    private static void notAllowed(Response response, Callback callback, String allow) {
        response.getHeaders().put("Allow", allow);
        Replies.send(response, callback, 405, Replies.TEXT, "Method Not Allowed\n");
    }
}
