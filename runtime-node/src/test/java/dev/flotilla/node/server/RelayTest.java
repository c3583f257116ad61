package dev.flotilla.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes sent to followers travel to the leader in segments (raft.Relay): many concurrent writes on both
 * followers all succeed, each is readable on the member it was written to as soon as it is answered, fewer Raft
 * entries than writes carried them, and the leader's relay endpoint takes segments from members only.
 */
class RelayTest {
    @Test
    void concurrentFollowerWritesAreGroupedAndReadYourWrites(@TempDir Path dir) throws Exception {
        try (LocalCluster c = new LocalCluster(3, dir)) {
            c.startAll();
            int leader = c.awaitLeader(Duration.ofSeconds(60));
            int[] followers = {(leader + 1) % 3, (leader + 2) % 3};
            long raftBefore = raftIndex(c, leader);
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            int writers = 24;
            int each = 15;
            for (int t = 0; t < writers; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    int member = followers[id % 2];
                    for (int n = 0; n < each; n++) {
                        String key = "/relay/w" + id + "-" + n;
                        LocalCluster.Resp r = c.put(member, key, "v" + n);
                        if (r == null || r.status() != 201) {
                            problems.add(key + ": " + (r == null ? "no answer" : r.status() + " " + r.body()));
                            continue;
                        }
                        LocalCluster.Resp g = c.get(member, "/v2/keys" + key);
                        if (g == null || !g.body().contains("\"value\":\"v" + n + "\"")) {
                            problems.add(key + " not readable on member " + member + " after its reply: "
                                    + (g == null ? "no answer" : g.body()));
                        }
                    }
                });
                th.start();
                threads.add(th);
            }
            for (Thread th : threads) {
                th.join();
            }
            assertTrue(problems.isEmpty(), String.join("\n", problems));
            String all = c.get(leader, "/v2/keys/relay?recursive=true&quorum=true").body();
            for (int t = 0; t < writers; t++) {
                for (int n = 0; n < each; n++) {
                    assertTrue(all.contains("\"key\":\"/relay/w" + t + "-" + n + "\""), "lost /relay/w" + t + "-" + n);
                }
            }
            long entries = raftIndex(c, leader) - raftBefore;
            System.out.printf("relay: %d follower writes in %d Raft entries%n", writers * each, entries);
            assertTrue(entries < writers * each, "writes were grouped: " + entries + " entries for "
                    + writers * each + " writes");
        }
    }

    @Test
    void relayEndpointTakesSegmentsFromMembersOnly(@TempDir Path dir) throws Exception {
        try (LocalCluster c = new LocalCluster(3, dir)) {
            c.startAll();
            int leader = c.awaitLeader(Duration.ofSeconds(60));
            String before = c.get(leader, "/v2/keys/?recursive=true&quorum=true").body();
            byte[] junk = "not a segment".getBytes(StandardCharsets.UTF_8);
            LocalCluster.Resp anonymous = c.send(leader, HttpRequest.newBuilder(
                    URI.create(c.client(leader) + "/flotilla/internal/v1/relay"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(junk)));
            assertNotNull(anonymous);
            assertEquals(403, anonymous.status(), anonymous.body());
            LocalCluster.Resp forged = c.send(leader, HttpRequest.newBuilder(
                    URI.create(c.client(leader) + "/flotilla/internal/v1/relay"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            "_flotilla-node:guess".getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(junk)));
            assertNotNull(forged);
            assertEquals(403, forged.status(), forged.body());
            LocalCluster.Resp get = c.get(leader, "/flotilla/internal/v1/relay");
            assertEquals(405, get.status(), get.body());
            assertEquals(before, c.get(leader, "/v2/keys/?recursive=true&quorum=true").body());
        }
    }

    private static long raftIndex(LocalCluster c, int member) {
        LocalCluster.Resp r = c.get(member, "/v2/keys/?quorum=true");
        return Long.parseLong(r.headers().firstValue("X-Raft-Index").orElseThrow());
    }
}
