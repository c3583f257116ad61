package dev.flotilla.core.client;

/**
 * Something a client call could not do. Subclasses say why: the server refused
 * ({@link EtcdException}, {@link ResponseException}), no endpoint answered ({@link UnavailableException}),
 * or the client was set up wrongly ({@link ConfigException}).
 */
public class ClientException extends Exception {
    public ClientException(String message) {
        super(message);
    }

    public ClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
