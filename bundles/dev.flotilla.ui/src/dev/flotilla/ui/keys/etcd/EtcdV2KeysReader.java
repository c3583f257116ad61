package dev.flotilla.ui.keys.etcd;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.flotilla.ui.connection.ClusterEndpoint;
import dev.flotilla.ui.keys.KeyNode;
import dev.flotilla.ui.keys.KeysSnapshot;

/**
 * Reads the whole store with {@code GET /v2/keys/?recursive=true&sorted=true}. Blocking: call it from a
 * job, never from the UI thread. Stand-in until the shared client of {@code dev.flotilla.core.client}
 * exists; the views only see {@link KeysSnapshot}.
 */
public final class EtcdV2KeysReader {

    /** Path and query of the recursive, sorted listing of the root. */
    public static final String LIST_ALL = "/v2/keys/?recursive=true&sorted=true";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    private static final long CANCEL_POLL_MILLIS = 100;

    /** One client for the workbench: it owns a connection pool and selector thread. */
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param canceled polled while waiting for the answer; when it turns true the request is abandoned
     * @throws CancellationException when {@code canceled} turned true
     * @throws KeysReadException     when the endpoint cannot be reached or does not answer like etcd v2
     */
    public KeysSnapshot readAll(ClusterEndpoint endpoint, BooleanSupplier canceled)
            throws KeysReadException, InterruptedException {
        URI uri = endpoint.resolve(LIST_ALL);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response = await(uri, HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()),
                canceled);
        String body = response.body();
        if (response.statusCode() != 200) {
            throw new KeysReadException("GET " + uri + " answered HTTP " + response.statusCode()
                    + errorDetail(body));
        }
        JsonNode answer = parse(uri, body);
        JsonNode node = answer.get("node");
        if (node == null || !node.isObject()) {
            throw new KeysReadException("GET " + uri + ": the answer has no \"node\" object; "
                    + "is this an etcd v2 keys API (etcd --enable-v2 or a Flotilla node)?");
        }
        long index = response.headers().firstValueAsLong("X-Etcd-Index").orElse(-1L);
        return new KeysSnapshot(endpoint, toKeyNode(uri, node, "/"), index);
    }

    private static HttpResponse<String> await(URI uri, CompletableFuture<HttpResponse<String>> pending,
            BooleanSupplier canceled) throws KeysReadException, InterruptedException {
        while (true) {
            if (canceled.getAsBoolean()) {
                pending.cancel(true);
                throw new CancellationException("GET " + uri + " canceled");
            }
            try {
                return pending.get(CANCEL_POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillWaiting) {
                // poll the cancel flag again
            } catch (InterruptedException e) {
                pending.cancel(true);
                throw e;
            } catch (ExecutionException e) {
                throw new KeysReadException(describe(uri, e.getCause()), e.getCause());
            }
        }
    }

    private static String describe(URI uri, Throwable failure) {
        String where = uri.getScheme() + "://" + uri.getAuthority();
        if (failure instanceof HttpConnectTimeoutException) {
            return "Cannot reach " + where + ": no connection within " + CONNECT_TIMEOUT.toSeconds() + " s";
        }
        if (failure instanceof HttpTimeoutException) {
            return "GET " + uri + ": no answer within " + REQUEST_TIMEOUT.toSeconds() + " s";
        }
        if (failure instanceof ConnectException) {
            return "Cannot reach " + where + ": connection refused (is a node running there?)";
        }
        if (failure instanceof IOException) {
            String message = failure.getMessage();
            return "GET " + uri + " failed: " + (message == null ? failure.getClass().getSimpleName() : message);
        }
        return "GET " + uri + " failed: " + failure;
    }

    private JsonNode parse(URI uri, String body) throws KeysReadException {
        try {
            JsonNode answer = json.readTree(body);
            if (answer == null || !answer.isObject()) {
                throw new KeysReadException("GET " + uri + ": the answer is not a JSON object");
            }
            return answer;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String position = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new KeysReadException("GET " + uri + ": the answer is not valid JSON" + position + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private static String errorDetail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode error = new ObjectMapper().readTree(body);
            if (error != null && error.has("message")) {
                String cause = error.path("cause").asText("");
                return ": " + error.get("message").asText() + (cause.isEmpty() ? "" : " (" + cause + ")")
                        + (error.has("errorCode") ? " [etcd error " + error.get("errorCode").asInt() + "]" : "");
            }
        } catch (JsonProcessingException notJson) {
            // fall through to the raw text
        }
        String text = body.strip();
        return ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
    }

    private static KeyNode toKeyNode(URI uri, JsonNode node, String defaultKey) throws KeysReadException {
        String key = node.path("key").asText(defaultKey);
        boolean dir = node.path("dir").asBoolean(false);
        JsonNode nodes = node.get("nodes");
        List<KeyNode> children = new ArrayList<>();
        if (nodes != null) {
            if (!nodes.isArray()) {
                throw new KeysReadException("GET " + uri + ": \"nodes\" of " + key + " is not an array");
            }
            for (JsonNode child : nodes) {
                if (!child.isObject() || !child.hasNonNull("key")) {
                    throw new KeysReadException("GET " + uri + ": a child of " + key + " has no \"key\"");
                }
                children.add(toKeyNode(uri, child, null));
            }
        }
        String value = dir ? null : node.path("value").asText("");
        Long ttl = node.hasNonNull("ttl") ? node.get("ttl").asLong() : null;
        return new KeyNode(key, dir, value, ttl, node.path("createdIndex").asLong(0),
                node.path("modifiedIndex").asLong(0), children);
    }
}
