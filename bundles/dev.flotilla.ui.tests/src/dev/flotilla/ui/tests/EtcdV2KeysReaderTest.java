package dev.flotilla.ui.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.flotilla.ui.connection.ClusterEndpoint;
import dev.flotilla.ui.keys.etcd.EtcdV2KeysReader;
import dev.flotilla.ui.keys.etcd.KeysReadException;

/**
 * Answers that are not the etcd v2 keys API are refused with a sentence naming the URL and what is wrong
 * (the happy path runs against a real etcd in {@link KeyValueViewUITest}).
 */
class EtcdV2KeysReaderTest {

    @Test
    void truncatedJsonNamesLineAndColumn() throws Exception {
        String message = readFrom("200 OK", "{\"action\":\"get\",\n\"node\":{\"dir\":true,");
        assertTrue(message.startsWith("GET http://127.0.0.1:"), message);
        assertTrue(message.contains("/v2/keys/?recursive=true&sorted=true: the answer is not valid JSON"
                + " at line 2, column "), message);
    }

    @Test
    void anotherServiceIsNotMistakenForEtcd() throws Exception {
        String notEtcd = readFrom("200 OK", "{\"status\":\"ok\"}");
        assertTrue(notEtcd.endsWith(": the answer has no \"node\" object; "
                + "is this an etcd v2 keys API (etcd --enable-v2 or a Flotilla node)?"), notEtcd);
        String notFound = readFrom("404 Not Found", "404 page not found");
        assertTrue(notFound.endsWith(" answered HTTP 404: 404 page not found"), notFound);
        String etcdError = readFrom("500 Internal Server Error",
                "{\"errorCode\":300,\"message\":\"Raft Internal Error\",\"cause\":\"boom\",\"index\":3}");
        assertTrue(etcdError.endsWith(" answered HTTP 500: Raft Internal Error (boom) [etcd error 300]"), etcdError);
    }

    /** Serves one canned HTTP answer on loopback and returns the reader's complaint about it. */
    private static String readFrom(String status, String body) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(() -> {
                try (Socket socket = server.accept()) {
                    InputStream in = socket.getInputStream();
                    byte[] buffer = new byte[8192];
                    StringBuilder request = new StringBuilder();
                    while (request.indexOf("\r\n\r\n") < 0) {
                        int n = in.read(buffer);
                        if (n < 0) {
                            return;
                        }
                        request.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    }
                    byte[] payload = body.getBytes(StandardCharsets.UTF_8);
                    OutputStream out = socket.getOutputStream();
                    out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: "
                            + payload.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(payload);
                    out.flush();
                } catch (IOException e) {
                    // the reader reports what it got
                }
            }, "canned-http-answer");
            answer.start();
            ClusterEndpoint endpoint = ClusterEndpoint.parse("http://127.0.0.1:" + server.getLocalPort(), "test");
            String message = assertThrows(KeysReadException.class,
                    () -> new EtcdV2KeysReader().readAll(endpoint, () -> false)).getMessage();
            answer.join(5000);
            return message;
        }
    }
}
