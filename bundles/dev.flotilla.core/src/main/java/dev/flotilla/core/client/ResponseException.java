package dev.flotilla.core.client;

import java.net.URI;

/**
 * The server answered, but not with what the call expects: an error status with a message body
 * ({@code {"message":"..."}}) or a body that is not the expected JSON.
 */
public class ResponseException extends ClientException {
    private final int status;
    private final URI endpoint;
    private final String serverMessage;

    public ResponseException(String message, int status, URI endpoint, String serverMessage) {
        super(message);
        this.status = status;
        this.endpoint = endpoint;
        this.serverMessage = serverMessage;
    }

    public int status() {
        return status;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The server's own message, when the body carried one; otherwise null. */
    public String serverMessage() {
        return serverMessage;
    }
}
