package dev.flotilla.node.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** etcd v2's permission patterns: a trailing * covers a prefix, anything else exactly one key. */
class PermissionsTest {
    @Test
    void globCoversThePrefixAndExactPatternsOneKey() {
        Permissions p = new Permissions(List.of("/app/*", "/exact"), List.of("/app/config"));
        assertTrue(p.permits("/app/a/b", false, false));
        assertTrue(p.permits("/app", false, true), "the directory itself is covered by /app/*");
        assertTrue(p.permits("/exact", false, false));
        assertFalse(p.permits("/exact/child", false, false));
        assertFalse(p.permits("/exact", false, true), "a recursive read needs a glob");
        assertFalse(p.permits("/application", false, false));
        assertTrue(p.permits("/app/config", true, false));
        assertFalse(p.permits("/app/other", true, false));
    }

    @Test
    void grantAndRevokeAddAndRemovePatterns() {
        Permissions p = Permissions.NONE.grant(new Permissions(List.of("/a/*"), List.of("/a/*")))
                .revoke(new Permissions(List.of(), List.of("/a/*")));
        assertTrue(p.permits("/a/x", false, false));
        assertFalse(p.permits("/a/x", true, false));
    }

    @Test
    void passwordHashesVerifyOnlyTheirPassword() {
        String h = PasswordHash.hash("s3cret");
        assertFalse(h.contains("s3cret"));
        assertTrue(PasswordHash.matches("s3cret", h));
        assertFalse(PasswordHash.matches("s3cret ", h));
        assertFalse(PasswordHash.matches("s3cret", "garbage"));
    }
}
