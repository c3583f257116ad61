package dev.flotilla.ui.connection;

/** An endpoint that is not an http(s) URL with a host; the message names where it came from. */
public final class InvalidEndpointException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidEndpointException(String message) {
        super(message);
    }
}
