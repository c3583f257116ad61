package dev.flotilla.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real multi-process clusters: replication, leader failure under load, full restart. */
class ClusterTest {

    @Test
    void threeMembersReplicateSurviveLeaderKillAndRestart(@TempDir Path dir) throws Exception {
        try (LocalCluster c = new LocalCluster(3, dir)) {
            c.startAll();
            int leader = c.awaitLeader(Duration.ofSeconds(60));
            int follower = (leader + 1) % 3;

            // a write on a follower is readable on that follower at once (read-your-writes) and on all by quorum
            LocalCluster.Resp w = c.put(follower, "/hello", "world");
            assertNotNull(w);
            assertEquals(201, w.status(), w.body());
            assertTrue(c.get(follower, "/v2/keys/hello").body().contains("\"value\":\"world\""));
            for (int i = 0; i < 3; i++) {
                assertTrue(c.get(i, "/v2/keys/hello?quorum=true").body().contains("\"value\":\"world\""));
            }
            // every member publishes its client URL once it is up (as etcd members do)
            String members = "";
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < until) {
                members = c.get(leader, "/v2/members").body();
                if (members.contains(c.client(0)) && members.contains(c.client(1)) && members.contains(c.client(2))) {
                    break;
                }
                Thread.sleep(100);
            }
            for (int i = 0; i < 3; i++) {
                assertTrue(members.contains(c.client(i)), members);
            }

            // writers on every member while the leader is killed: every acknowledged write must survive
            Map<String, String> acked = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger failures = new AtomicInteger();
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    int n = 0;
                    while (!stop.get()) {
                        int target = (id + n) % 3;
                        if (!c.alive(target)) {
                            target = (target + 1) % 3;
                        }
                        String key = "/load/w" + id + "-" + n;
                        LocalCluster.Resp r = c.put(target, key, "v" + n);
                        if (r != null && (r.status() == 200 || r.status() == 201)) {
                            acked.put(key, "v" + n);
                        } else {
                            failures.incrementAndGet();
                        }
                        n++;
                    }
                });
                th.start();
                writers.add(th);
            }
            Thread.sleep(1500);
            c.kill(leader);
            Thread.sleep(4000);
            stop.set(true);
            for (Thread th : writers) {
                th.join();
            }
            int newLeader = c.awaitLeader(Duration.ofSeconds(30));
            assertNotEquals(leader, newLeader);
            assertTrue(acked.size() > 50, "writes went through: " + acked.size());
            for (int i = 0; i < 3; i++) {
                if (!c.alive(i)) {
                    continue;
                }
                String all = c.get(i, "/v2/keys/load?recursive=true&quorum=true").body();
                for (Map.Entry<String, String> e : acked.entrySet()) {
                    assertTrue(all.contains("\"key\":\"" + e.getKey() + "\",\"value\":\"" + e.getValue() + "\""),
                            "member " + i + " lost acknowledged write " + e.getKey());
                }
            }
            assertEquals(201, c.put(newLeader, "/after", "kill").status());

            // the killed member comes back and catches up (by log or snapshot)
            c.start(leader);
            c.awaitLeader(Duration.ofSeconds(60));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String seen = "";
            while (System.nanoTime() < deadline) {
                LocalCluster.Resp r = c.get(leader, "/v2/keys/after");
                seen = r == null ? "" : r.body();
                if (seen.contains("\"value\":\"kill\"")) {
                    break;
                }
                Thread.sleep(200);
            }
            if (!seen.contains("\"value\":\"kill\"")) {
                for (int i = 0; i < 3; i++) {
                    System.out.println("==== member " + i + (i == leader ? " (restarted)" : "") + "\n" + c.logTail(i));
                }
            }
            assertTrue(seen.contains("\"value\":\"kill\""), seen);

            // full restart: everything is still there
            String before = c.get(newLeader, "/v2/keys/?recursive=true&sorted=true&quorum=true").body();
            c.close();
            c.startAll();
            int l = c.awaitLeader(Duration.ofSeconds(60));
            String after = c.get(l, "/v2/keys/?recursive=true&sorted=true&quorum=true").body();
            assertEquals(before, after);
        }
    }

    @Test
    void fiveMembersKeepServingWhenTheLeaderDies(@TempDir Path dir) throws Exception {
        try (LocalCluster c = new LocalCluster(5, dir)) {
            c.startAll();
            int leader = c.awaitLeader(Duration.ofSeconds(90));
            for (int i = 0; i < 20; i++) {
                assertEquals(201, c.put(i % 5, "/five/k" + i, "v" + i).status());
            }
            c.kill(leader);
            int next = c.awaitLeader(Duration.ofSeconds(30));
            assertNotEquals(leader, next);
            for (int i = 20; i < 40; i++) {
                int target = i % 5 == leader ? next : i % 5;
                assertEquals(201, c.put(target, "/five/k" + i, "v" + i).status());
            }
            for (int m = 0; m < 5; m++) {
                if (!c.alive(m)) {
                    continue;
                }
                String all = c.get(m, "/v2/keys/five?quorum=true").body();
                for (int i = 0; i < 40; i++) {
                    assertTrue(all.contains("\"key\":\"/five/k" + i + "\""), "member " + m + " misses k" + i);
                }
            }
        }
    }
}
