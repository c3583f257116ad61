package dev.flotilla.core.client;

/** The client configuration is unusable: a bad endpoint URL, an unreadable or malformed PEM file, ... */
public class ConfigException extends ClientException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
