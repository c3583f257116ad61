package dev.flotilla.node.server;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runtime membership: a member removed through /v2/members stops serving; the rest keep the cluster going. */
class MembershipTest {
    @TempDir Path dir;

    @Test
    void aRemovedMemberStopsServingAndTheOthersCarryOn() throws Exception {
        try (LocalCluster c = new LocalCluster(3, dir)) {
            c.startAll();
            int leader = c.awaitLeader(Duration.ofSeconds(60));
            int victim = (leader + 1) % 3;
            JsonNode members = new ObjectMapper().readTree(c.get(leader, "/v2/members").body()).path("members");
            String victimId = null;
            for (JsonNode m : members) {
                // names are published a moment after start; peer URLs are there from the beginning
                if (m.path("peerURLs").toString().contains(c.peer(victim))) victimId = m.path("id").asText();
            }
            assertNotNull(victimId, "the victim is a member: " + members);
            LocalCluster.Resp del = sendDelete(c, leader, "/v2/members/" + victimId);
            assertNotNull(del);
            assertEquals(204, del.status(), del.body());

            // the removed member ends by itself (etcd does the same), the others keep serving writes
            Process p = c.processes[victim];
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the removed member stops:\n" + c.logTail(victim));
            c.processes[victim] = null;
            LocalCluster.Resp put = null;
            for (int i = 0; i < 60 && (put == null || put.status() != 201 && put.status() != 200); i++) {
                put = c.put(leader, "/after/removal", "still-serving");
                Thread.sleep(250);
            }
            assertNotNull(put);
            assertTrue(put.status() == 200 || put.status() == 201, put.body());
            String left = c.get(leader, "/v2/members").body();
            assertFalse(left.contains(victimId), left);
        }
    }

    private static LocalCluster.Resp sendDelete(LocalCluster c, int i, String path) throws Exception {
        var r = LocalCluster.HTTP.send(HttpRequest.newBuilder(URI.create(c.client(i) + path)).DELETE()
                .timeout(Duration.ofSeconds(15)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return new LocalCluster.Resp(r.statusCode(), r.body(), r.headers());
    }
}
