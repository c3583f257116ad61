package dev.flotilla.core.client;

import dev.flotilla.core.api.EtcdError;

import java.net.URI;

/**
 * The store answered with an etcd error body (key not found, compare failed, ...). The message is etcd's
 * own rendering, {@code 100: Key not found (/foo) [12]}.
 */
public class EtcdException extends ClientException {
    private final EtcdError error;
    private final int status;
    private final URI endpoint;

    public EtcdException(EtcdError error, int status, URI endpoint) {
        super(error.toString());
        this.error = error;
        this.status = status;
        this.endpoint = endpoint;
    }

    public EtcdError error() {
        return error;
    }

    public int errorCode() {
        return error.errorCode();
    }

    /** The HTTP status that carried the error (404, 412, ...). */
    public int status() {
        return status;
    }

    public URI endpoint() {
        return endpoint;
    }
}
