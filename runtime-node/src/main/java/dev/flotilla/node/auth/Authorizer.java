package dev.flotilla.node.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides, per request, what its HTTP Basic credentials allow, with etcd v2's rules: while auth is off everything
 * is allowed; with no credentials the guest role applies; wrong credentials allow nothing; the root role allows
 * everything.
 */
public final class Authorizer {
    private static final int CACHE_LIMIT = 1024;

    private final AuthStore auth;
    /** user + digest(password) -> the stored hash it was verified against, so PBKDF2 runs once per password. */
    private final Map<String, String> verified = new ConcurrentHashMap<>();

    /** The node's own services (agent, engine, API handlers) reach their own member under this name. */
    public static final String NODE_USER = "_flotilla-node";

    private final String nodePassword;

    public Authorizer(AuthStore auth) {
        this(auth, null);
    }

    /** @param nodePassword this process's secret for {@link #NODE_USER} (acts as root); null for none */
    public Authorizer(AuthStore auth, String nodePassword) {
        this.auth = auth;
        this.nodePassword = nodePassword;
    }

    public AuthStore store() {
        return auth;
    }

    /** Who a request is: a known user whose password matched, the guest (no credentials), or nobody. */
    public record Principal(AuthStore.User user, boolean guest) {
        static final Principal NOBODY = new Principal(null, false);
        static final Principal GUEST = new Principal(null, true);

        public boolean authenticated() {
            return user != null;
        }
    }

    /** Resolves the value of an Authorization header (null when absent). */
    public Principal principal(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Principal.GUEST;
        }
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Principal.NOBODY;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Principal.NOBODY;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Principal.NOBODY;
        }
        String name = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        if (NODE_USER.equals(name)) {
            // this process's own services, or another member's (relayed writes, journal requests between nodes)
            boolean ok = nodePassword != null && MessageDigest.isEqual(
                    nodePassword.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8))
                    || auth.isNodeSecret(digest(password));
            return ok ? new Principal(new AuthStore.User(NODE_USER, null, java.util.List.of(AuthStore.ROOT_ROLE)),
                    false) : Principal.NOBODY;
        }
        AuthStore.User user = auth.user(name);
        if (user == null || user.passwordHash() == null) {
            return Principal.NOBODY;
        }
        String key = name + '\0' + digest(password);
        if (user.passwordHash().equals(verified.get(key))) {
            return new Principal(user, false);
        }
        if (!PasswordHash.matches(password, user.passwordHash())) {
            return Principal.NOBODY;
        }
        if (verified.size() > CACHE_LIMIT) {
            verified.clear();
        }
        verified.put(key, user.passwordHash());
        return new Principal(user, false);
    }

    /** May this request read (or write) {@code key}, or its subtree when {@code recursive}? */
    public boolean permits(String authorization, String key, boolean write, boolean recursive) {
        if (!auth.enabled()) {
            return true;
        }
        Principal p = principal(authorization);
        if (p.guest()) {
            AuthStore.Role guest = auth.role(AuthStore.GUEST_ROLE);
            return guest != null && guest.permissions().permits(key, write, recursive);
        }
        if (!p.authenticated()) {
            return false;
        }
        for (String r : p.user().roles()) {
            if (AuthStore.ROOT_ROLE.equals(r)) {
                return true;
            }
            AuthStore.Role role = auth.role(r);
            if (role != null && role.permissions().permits(key, write, recursive)) {
                return true;
            }
        }
        return false;
    }

    /** May this request manage users, roles, auth itself and membership? Anyone while auth is off; else root. */
    /** Is this request a member's (its node secret), whether auth is enabled or not? */
    public boolean isNode(String authorization) {
        Principal p = principal(authorization);
        return p.authenticated() && NODE_USER.equals(p.user().name());
    }

    public boolean isRoot(String authorization) {
        if (!auth.enabled()) {
            return true;
        }
        Principal p = principal(authorization);
        return p.authenticated() && p.user().roles().contains(AuthStore.ROOT_ROLE);
    }

    /** Hex SHA-256, as node secrets are registered ({@link AuthStore#putNodeSecret}). */
    public static String digest(String password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
