package dev.flotilla.node.fleet;

import dev.flotilla.core.api.ApiJson;
import dev.flotilla.core.api.FleetError;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writing replies the way fleet's API did: compact JSON with Go's escaping, errors as fleet's error entity. */
final class ApiReplies {
    private ApiReplies() {}

    /** A JSON body; {@code value} null means no body (204, 201). */
    static boolean json(Response response, Callback callback, int status, Object value, long storeIndex) {
        response.setStatus(status);
        if (storeIndex > 0) {
            // lets a client list, then follow /flotilla/v1/events from exactly this point
            response.getHeaders().put("X-Flotilla-Index", Long.toString(storeIndex));
        }
        if (value == null) {
            response.write(true, null, callback);
            return true;
        }
        byte[] body = ApiJson.write(value).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    /** fleet's {@code {"error":{"code":C,"message":M}}}; a null message is written as "" as Go did. */
    static boolean error(Response response, Callback callback, int status, String message) {
        return json(response, callback, status, FleetError.of(status, message == null ? "" : message), 0);
    }
}
