package dev.flotilla.node.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writing complete replies with the headers every etcd reply carries. */
final class Replies {
    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";

    private Replies() {
    }

    /** etcd's CORS headers, present on every reply. */
    static void cors(Response response) {
        HttpFields.Mutable h = response.getHeaders();
        h.put("Access-Control-Allow-Headers", "accept, content-type, authorization");
        h.put("Access-Control-Allow-Methods", "POST, GET, OPTIONS, PUT, DELETE");
        h.put("Access-Control-Allow-Origin", "*");
    }

    static void send(Response response, Callback callback, int status, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    /** etcd's httptypes error: {"message":...}. */
    static void message(Response response, Callback callback, int status, String message) {
        StringBuilder sb = new StringBuilder(message.length() + 16).append("{\"message\":");
        dev.flotilla.node.store.EtcdJson.string(sb, message);
        sb.append("}");
        send(response, callback, status, JSON, sb.toString());
    }
}
