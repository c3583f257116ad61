package dev.flotilla.node.fleet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded, reproducible fuzzing of what a real node parses from HTTP: etcd v2 forms and query strings, fleet v1
 * JSON bodies (units, machine metadata patches) and query strings. Every answer must be below 500; every refusal
 * must be the API's own error JSON (etcd's {@code errorCode}/{@code message}, fleet's {@code error.code}/{@code
 * error.message}) and must leave the store as it was (same etcd index).
 */
class HttpInputFuzzTest {
    private static final long SEED = 0xF0221L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] KEY_PATHS = {"/v2/keys/fuzz/a", "/v2/keys/fuzz/dir", "/v2/keys/fuzz/dir/b",
        "/v2/keys/fuzz", "/v2/keys/fuzz/q%20x", "/v2/keys/fuzz/%zz", "/v2/keys/fuzz//c", "/v2/keys/fuzz/../a",
        "/v2/keys/fuzz/\u00e9", "/v2/keys/fuzz/a?x"};
    private static final String[] KEY_PARAMS = {"value", "ttl", "prevValue", "prevIndex", "prevExist", "dir",
        "recursive", "sorted", "quorum", "refresh", "noValueOnSuccess", "waitIndex", "bogus", ""};
    private static final String[] VALUES = {"", "1", "0", "-1", "true", "false", "TRUE", "x", "%", "%zz", "%00",
        "99999999999999999999", "1e3", "0x10", " 7", "NaN", "\u00e9", "&", "=", "==", "a%26b", "3600", "100000",
        "\uD83D\uDE00", "null"};
    private static final String UNIT = "{\"desiredState\":\"loaded\",\"options\":["
            + "{\"section\":\"Unit\",\"name\":\"Description\",\"value\":\"Fuzz\"},"
            + "{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/bin/true\"},"
            + "{\"section\":\"X-Fleet\",\"name\":\"MachineMetadata\",\"value\":\"role=web\"}]}";
    private static final String PATCH = "[{\"op\":\"add\",\"path\":\"/m1/metadata/role\",\"value\":\"web\"}]";
    private static final String[] JSON_BITS = {"{", "}", "[", "]", ",", ":", "\"", "null", "true", "1e999", "-0",
        "\"desiredState\"", "\"options\"", "\"section\"", "\"name\"", "\"value\"", "\"op\"", "\"path\"", "\\u0000",
        "\\", "\u00e9", "[[[[[[[[[[", "\"launched\"", "\"inactive\"", "123456789012345678901234567890"};

    @TempDir
    Path dir;

    record Reply(int status, String body, long etcdIndex) {
    }

    @Test
    @Timeout(300) // a hang guard only
    void formsQueriesAndJsonBodiesGetCleanErrorsAndChangeNothingWhenRefused() throws Exception {
        Random rnd = new Random(SEED);
        List<String> problems = new ArrayList<>();
        int refused = 0;
        int accepted = 0;
        try (NodeFixture node = NodeFixture.start(dir, 50)) {
            node.keys.set("/fuzz/a", "1");
            node.machine("m1", "10.0.0.1", java.util.Map.of("role", "db"));
            for (int i = 0; i < 1500; i++) {
                String method;
                String path;
                String contentType;
                String body;
                boolean fleet = i % 3 == 2;
                if (!fleet) {
                    method = List.of("GET", "PUT", "POST", "DELETE", "PATCH", "HEAD").get(rnd.nextInt(6));
                    path = KEY_PATHS[rnd.nextInt(KEY_PATHS.length)];
                    String form = form(rnd);
                    if (rnd.nextBoolean()) {
                        path = path + (path.contains("?") ? "&" : "?") + form(rnd);
                    }
                    contentType = rnd.nextInt(5) == 0 ? "text/plain" : "application/x-www-form-urlencoded";
                    body = method.equals("GET") || method.equals("HEAD") ? null : form;
                } else {
                    int which = rnd.nextInt(4);
                    if (which == 0) {
                        method = "PUT";
                        path = "/fleet/v1/units/" + List.of("fuzz.service", "fuzz@1.service", "bad name",
                                "x.unknown", "%2e%2e", "fuzz.service?x=1").get(rnd.nextInt(6)).replace(" ", "%20");
                        body = mutate(UNIT, rnd);
                    } else if (which == 1) {
                        method = "PATCH";
                        path = "/fleet/v1/machines";
                        body = mutate(PATCH, rnd);
                    } else if (which == 2) {
                        method = "GET";
                        path = List.of("/fleet/v1/units", "/fleet/v1/state", "/fleet/v1/machines").get(rnd.nextInt(3))
                                + "?" + List.of("nextPageToken", "machineID", "unitName", "x").get(rnd.nextInt(4))
                                + "=" + VALUES[rnd.nextInt(VALUES.length)].replace("&", "%26").replace(" ", "%20");
                        body = null;
                    } else {
                        method = List.of("POST", "DELETE", "PUT").get(rnd.nextInt(3));
                        path = "/fleet/v1/units/fuzz.service";
                        body = mutate(UNIT, rnd);
                    }
                    contentType = rnd.nextInt(6) == 0 ? "text/plain" : "application/json";
                }
                long before = etcdIndex(node);
                Reply r = send(node, method, path, contentType, body);
                if (r == null) {
                    continue; // not even a URI the client can send
                }
                String what = "case " + i + ": " + method + " " + path + " body=" + body + " -> " + r.status
                        + " " + r.body;
                if (r.status >= 500) {
                    problems.add(what);
                } else if (r.status >= 400) {
                    refused++;
                    // 405 is plain text "Method Not Allowed" in etcd too (Go's http.Error)
                    boolean etcd405 = !fleet && r.status == 405 && r.body.trim().equals("Method Not Allowed");
                    if (!method.equals("HEAD") && !etcd405 && !isErrorJson(r.body, fleet)) {
                        problems.add("not the API's error JSON: " + what);
                    }
                    long after = etcdIndex(node);
                    if (after != before) {
                        problems.add("refused but the store changed (index " + before + " -> " + after + "): "
                                + what);
                    }
                } else {
                    accepted++;
                }
                if (problems.size() > 20) {
                    break;
                }
            }
        }
        System.out.printf("HTTP fuzz: %d accepted, %d refused, %d problems%n", accepted, refused, problems.size());
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(refused > 300 && accepted > 100, "the fuzzer should both hit and miss: " + refused + "/"
                + accepted);
    }

    private static String form(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + rnd.nextInt(4);
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                sb.append(rnd.nextInt(10) == 0 ? "&&" : "&");
            }
            String name = KEY_PARAMS[rnd.nextInt(KEY_PARAMS.length)];
            String value = VALUES[rnd.nextInt(VALUES.length)];
            // ttl: a short valid ttl would expire keys later and move the index behind the test's back
            if (name.equals("ttl") && value.matches("\\s*[0-9]{1,6}") && Long.parseLong(value.trim()) < 3600) {
                value = "3600";
            }
            sb.append(name);
            if (rnd.nextInt(8) != 0) {
                sb.append('=').append(rnd.nextBoolean() ? value : encode(value));
            }
        }
        return sb.toString();
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String mutate(String seed, Random rnd) {
        StringBuilder sb = new StringBuilder(seed);
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = sb.length() == 0 ? 0 : rnd.nextInt(sb.length());
            switch (rnd.nextInt(4)) {
                case 0 -> sb.insert(at, JSON_BITS[rnd.nextInt(JSON_BITS.length)]);
                case 1 -> sb.delete(at, Math.min(sb.length(), at + 1 + rnd.nextInt(8)));
                case 2 -> sb.setLength(at);
                default -> sb.replace(at, Math.min(sb.length(), at + 1), JSON_BITS[rnd.nextInt(JSON_BITS.length)]);
            }
        }
        return sb.toString();
    }

    private static boolean isErrorJson(String body, boolean fleet) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null) {
                return false;
            }
            if (fleet) {
                return n.path("error").path("code").isInt() && n.path("error").path("message").isTextual();
            }
            return n.path("errorCode").isInt() && n.path("message").isTextual();
        } catch (Exception e) {
            return false;
        }
    }

    private static long etcdIndex(NodeFixture node) throws Exception {
        HttpResponse<String> r = NodeFixture.HTTP.send(HttpRequest.newBuilder(node.url.resolve("/v2/keys/"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return Long.parseLong(r.headers().firstValue("X-Etcd-Index").orElse("-1"));
    }

    private static Reply send(NodeFixture node, String method, String path, String contentType, String body)
            throws Exception {
        URI uri;
        try {
            uri = URI.create(node.url + path);
        } catch (IllegalArgumentException e) {
            return null;
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> r = NodeFixture.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), -1);
    }
}
