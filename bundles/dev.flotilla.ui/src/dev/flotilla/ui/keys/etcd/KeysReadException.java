package dev.flotilla.ui.keys.etcd;

/** Reading the keys failed; the message is a sentence for the user naming the URL and what went wrong. */
public final class KeysReadException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeysReadException(String message) {
        super(message);
    }

    public KeysReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
