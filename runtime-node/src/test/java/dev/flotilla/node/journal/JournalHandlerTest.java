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
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalHandlerTest {

    @TempDir
    Path dir;
    Journals journals;
    Server server;
    String base;
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        journals = new Journals(dir);
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new JournalHandler(journals, 200));
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort() + JournalHandler.PREFIX;
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        journals.close();
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void lastLinesAndCursorReadsAsJson() throws Exception {
        Journal j = journals.journal("web.service");
        for (int i = 1; i <= 15; i++) {
            j.append(i % 2 == 0 ? JournalStream.STDERR : JournalStream.STDOUT, "line " + i);
        }
        HttpResponse<String> r = get("web.service");
        assertEquals(200, r.statusCode());
        JsonNode body = json.readTree(r.body());
        assertEquals(10, body.get("entries").size()); // fleetctl's default
        assertEquals("line 6", body.get("entries").get(0).get("message").asText());
        assertEquals("stderr", body.get("entries").get(0).get("stream").asText());
        assertEquals(15, body.get("cursor").asLong());

        JsonNode after = json.readTree(get("web.service?cursor=13").body());
        assertEquals(2, after.get("entries").size());
        assertEquals("line 14", after.get("entries").get(0).get("message").asText());

        JsonNode three = json.readTree(get("web.service?lines=3").body());
        assertEquals("line 13", three.get("entries").get(0).get("message").asText());
        String time = three.get("entries").get(2).get("time").asText();
        JsonNode since = json.readTree(get("web.service?since=" + time).body());
        assertEquals("line 15", since.get("entries").get(0).get("message").asText());
    }

    @Test
    void badRequestsAreNamedAndUnknownUnitsAre404() throws Exception {
        journals.journal("web.service").append(JournalStream.STDOUT, "x");
        HttpResponse<String> r = get("web.service?lines=many");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("'lines'") && r.body().contains("many"), r.body());
        r = get("web.service?since=yesterday");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("'since'"), r.body());
        r = get("web.service?cursor=-3");
        assertEquals(400, r.statusCode());
        assertEquals(404, get("other.service").statusCode());
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "web.service"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    @Test
    void followStreamsBacklogThenLiveLinesAndResumesWithLastEventId() throws Exception {
        Journal j = journals.journal("echo.service");
        j.append(JournalStream.STDOUT, "before 1");
        j.append(JournalStream.STDOUT, "before 2");
        SseTestClient sse = new SseTestClient(http, base + "echo.service?follow=true&lines=1", null);
        JsonNode first = sse.next();
        assertEquals("before 2", first.get("message").asText());
        j.append(JournalStream.STDOUT, "live 1");
        j.append(JournalStream.AGENT, "Stopped echo.service.");
        assertEquals("live 1", sse.next().get("message").asText());
        JsonNode stopped = sse.next();
        assertEquals("agent", stopped.get("stream").asText());
        assertEquals(4, sse.lastId);
        sse.close();

        j.append(JournalStream.STDOUT, "while away");
        SseTestClient resumed = new SseTestClient(http, base + "echo.service?follow=true", "3");
        assertEquals("Stopped echo.service.", resumed.next().get("message").asText());
        assertEquals("while away", resumed.next().get("message").asText());
        resumed.close();

        // a vanished follower is noticed (heartbeats fail) and unsubscribed
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (j.followerCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, j.followerCount());
    }
}
