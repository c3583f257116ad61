package dev.flotilla.node.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A minimal SSE client on java.net.http: collects the data of entry events. */
public final class SseTestClient implements AutoCloseable {
    final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    final InputStream body;
    final Thread thread;
    volatile long lastId;

    public SseTestClient(HttpClient http, String url, String lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        body = r.body();
        ObjectMapper json = new ObjectMapper();
        thread = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("id: ")) {
                        lastId = Long.parseLong(line.substring(4));
                    } else if (line.startsWith("data: ")) {
                        events.add(json.readTree(line.substring(6)));
                    }
                }
            } catch (Exception e) {
                // closed
            }
        }, "sse-reader");
        thread.setDaemon(true);
        thread.start();
    }

    public JsonNode next() throws InterruptedException {
        JsonNode n = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(n, "no SSE event within 10 s");
        return n;
    }

    @Override
    public void close() throws Exception {
        body.close();
    }
}
