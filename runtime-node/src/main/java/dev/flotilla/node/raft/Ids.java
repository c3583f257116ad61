package dev.flotilla.node.raft;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Member, cluster and Raft group identities. A member's id depends only on its peer URLs and the cluster
 * token, so a member added with {@code member add} and later started with the same URLs gets the same id.
 */
public final class Ids {
    private Ids() {
    }

    public static String memberId(List<String> peerUrls, String token) {
        List<String> sorted = new ArrayList<>(peerUrls);
        sorted.sort(null);
        return hex64(String.join(",", sorted) + "|" + token);
    }

    public static String clusterId(Collection<String> memberIds, String token) {
        List<String> sorted = new ArrayList<>(memberIds);
        sorted.sort(null);
        return hex64(String.join(",", sorted) + "|cluster|" + token);
    }

    /** The fixed Raft group of a cluster token: every member computes the same one. */
    public static UUID groupUuid(String token) {
        return UUID.nameUUIDFromBytes(("flotilla-store|" + token).getBytes(StandardCharsets.UTF_8));
    }

    private static String hex64(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(16);
            for (int i = 0; i < 8; i++) {
                sb.append(Character.forDigit((d[i] >> 4) & 15, 16)).append(Character.forDigit(d[i] & 15, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java runtime", e);
        }
    }
}
