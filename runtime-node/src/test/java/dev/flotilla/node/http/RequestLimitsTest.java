package dev.flotilla.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.node.journal.JournalHandler;
import dev.flotilla.node.journal.Journals;
import dev.flotilla.node.server.FlotillaNode;
import dev.flotilla.node.server.NodeConfig;
import dev.flotilla.testsupport.TestStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one client can make a node hold is bounded: request bodies (413), request headers (431), open watches per
 * client address (429), journal lines (400); each refusal is the API's error JSON and leaves the node serving.
 * A small member (1 KiB values, 3 watches per client) keeps the test fast.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestLimitsTest {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final int MAX_VALUE = 1024;
    static final int MAX_WATCHES = 3;

    @TempDir
    static Path dir;
    FlotillaNode node;
    URI url;

    @BeforeAll
    void start() throws Exception {
        int[] ports = TestStore.freePorts(2);
        NodeConfig c = new NodeConfig();
        c.name = "n1";
        c.dataDir = dir.resolve("n1").toFile();
        url = URI.create("http://127.0.0.1:" + ports[0]);
        URI peer = URI.create("http://127.0.0.1:" + ports[1]);
        c.listenClientUrls = List.of(url);
        c.advertiseClientUrls = List.of(url);
        c.listenPeerUrls = List.of(peer);
        c.initialAdvertisePeerUrls = List.of(peer);
        c.maxValueBytes = MAX_VALUE;
        c.maxWatchesPerClient = MAX_WATCHES;
        node = new FlotillaNode(c);
        node.start();
        node.http().mount(JournalHandler.PREFIX, new JournalHandler(new Journals(dir.resolve("journal"))));
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (put("/v2/keys/probe", "value=1").statusCode() != 201 && System.nanoTime() < end) {
            Thread.sleep(100);
        }
    }

    @AfterAll
    void stop() {
        node.close();
    }

    HttpResponse<String> put(String path, String form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void bodiesBeyondTheValueLimitAndItsFormOverheadAre413() throws Exception {
        // the largest value, every byte %-encoded: still accepted
        String biggest = "%41".repeat(MAX_VALUE);
        HttpResponse<String> fits = put("/v2/keys/big", "value=" + biggest);
        assertEquals(201, fits.statusCode(), fits.body());

        long limit = RequestLimits.maxBodyBytes(MAX_VALUE);
        // refused on the announced length, before any of the body is read (so only the headers are sent here:
        // a client still sending when the server answers and closes may lose the answer to a reset)
        String over = rawResponse("PUT /v2/keys/big HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + (limit + 1)
                + "\r\nConnection: close\r\n\r\n");
        assertTrue(over.startsWith("HTTP/1.1 413"), over);
        assertTrue(over.contains("\r\nContent-Type: application/json\r\n"), over);
        assertTrue(over.contains("\r\n\r\n{\"errorCode\":"), over);

        // without Content-Length (chunked), refused as the body streams in
        String raw = "PUT /v2/keys/big HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        // one byte too many, and nothing after it: the server has read all that was sent when it answers
        String status = rawRequest(raw, (int) limit + 1);
        assertTrue(status.startsWith("HTTP/1.1 413"), status);

        // fleet's API: its error JSON
        String unit = rawResponse("PUT /fleet/v1/units/x.service HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + (limit + 1) + "\r\nConnection: close\r\n\r\n");
        assertTrue(unit.startsWith("HTTP/1.1 413"), unit);
        assertTrue(unit.contains("\r\n\r\n{\"error\":{\"code\":413,"), unit);
        assertEquals(200, get("/v2/keys/probe").statusCode(), "still serving");
    }

    @Test
    void headersBeyond16KiBAre431() throws Exception {
        String status = rawRequest("GET /v2/keys/probe HTTP/1.1\r\nHost: x\r\nX-Big: " + "h".repeat(17 * 1024)
                + "\r\nConnection: close\r\n\r\n", 0);
        assertTrue(status.startsWith("HTTP/1.1 431"), status);
        String ok = rawRequest("GET /v2/keys/probe HTTP/1.1\r\nHost: x\r\nX-Big: " + "h".repeat(8 * 1024)
                + "\r\nConnection: close\r\n\r\n", 0);
        assertTrue(ok.startsWith("HTTP/1.1 200"), ok);
    }

    /** Opens a watch and returns once its status and headers are in (the body may never end). */
    HttpResponse<InputStream> watch(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void watchesPerClientAreBoundedAndFreedWhenTheyEnd() throws Exception {
        List<HttpResponse<InputStream>> open = new ArrayList<>();
        for (int i = 0; i < MAX_WATCHES; i++) {
            HttpResponse<InputStream> w = watch("/v2/keys/w" + i + "?wait=true");
            assertEquals(200, w.statusCode());
            open.add(w);
        }
        HttpResponse<InputStream> refused = watch("/v2/keys/w9?wait=true");
        String body = new String(refused.body().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(429, refused.statusCode(), body);
        assertTrue(body.startsWith("{\"errorCode\":"), body);
        assertTrue(body.contains("too many watches from 127.0.0.1: at most 3 may be open at once"), body);
        HttpResponse<InputStream> events = watch("/flotilla/v1/journal/x.service?follow=true");
        assertEquals(429, events.statusCode(), "journal follows count too");
        events.body().close();
        assertEquals(200, get("/v2/keys/probe").statusCode(), "plain reads are not watches");

        // one watch fires and ends: its slot is free again
        assertEquals(201, put("/v2/keys/w0", "value=x").statusCode());
        assertTrue(new String(open.get(0).body().readAllBytes(), StandardCharsets.UTF_8).contains("\"key\":\"/w0\""));
        HttpResponse<InputStream> next = null;
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            // the slot is released when the response completes, a moment after the client has read it
            next = watch("/v2/keys/w3?wait=true");
            if (next.statusCode() == 200) {
                break;
            }
            next.body().close();
            Thread.sleep(50);
        }
        assertEquals(200, next.statusCode());
        open.set(0, next);
        for (int i = 1; i <= MAX_WATCHES; i++) {
            assertEquals(201, put("/v2/keys/w" + i, "value=x").statusCode());
        }
        for (HttpResponse<InputStream> w : open) {
            w.body().readAllBytes();
        }
    }

    @Test
    void journalLinesAreCapped() throws Exception {
        HttpResponse<String> r = get("/flotilla/v1/journal/x.service?lines=100001");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("expected an integer from 0 to 100000"), r.body());
    }

    /** Sends a request head and returns the whole response (the request asks the server to close). */
    private String rawResponse(String head) throws Exception {
        try (Socket s = new Socket(url.getHost(), url.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Sends raw bytes (then {@code chunkBytes} of body in one chunk, when positive); returns the status line. */
    private String rawRequest(String head, int chunkBytes) throws Exception {
        try (Socket s = new Socket(url.getHost(), url.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            if (chunkBytes > 0) {
                try {
                    out.write((Integer.toHexString(chunkBytes) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write("a".repeat(chunkBytes).getBytes(StandardCharsets.ISO_8859_1));
                } catch (java.io.IOException closedEarly) {
                    // the server may answer and close before the whole body is sent
                }
            }
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.append((char) b);
            }
            return line.toString().trim();
        }
    }
}
