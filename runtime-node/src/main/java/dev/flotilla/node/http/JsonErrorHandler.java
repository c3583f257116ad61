package dev.flotilla.node.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before any handler runs (an ambiguous URI such as an empty segment or an encoded
 * {@code ..}, a bad header): in the API's own error JSON rather than Jetty's HTML page, so clients can parse every
 * refusal. Fleet and Flotilla paths get fleet's {@code {"error":{"code","message"}}}, everything else etcd's
 * {@code {"errorCode","message","cause","index"}} with "Invalid field" and Jetty's reason as the cause.
 */
final class JsonErrorHandler extends ErrorHandler {
    private final NodeApi node;

    JsonErrorHandler(NodeApi node) {
        this.node = node;
    }

    /** Jetty writes error bodies for GET, POST and HEAD only; the API's clients PUT, DELETE and PATCH too. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        String reason = message == null || message.isBlank() ? "HTTP " + code : message;
        String path = request.getHttpURI() == null ? "" : String.valueOf(request.getHttpURI().getPath());
        String json;
        if (path.startsWith("/fleet/") || path.startsWith("/flotilla/")) {
            json = "{\"error\":{\"code\":" + code + ",\"message\":" + quote(reason) + "}}";
        } else {
            json = "{\"errorCode\":209,\"message\":\"Invalid field\",\"cause\":" + quote(reason) + ",\"index\":"
                    + node.raftIndex() + "}";
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8)), callback);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                sb.append('\\').append(ch);
            } else if (ch < 0x20) {
                sb.append(String.format("\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.append('"').toString();
    }
}
