package dev.flotilla.node.discovery;

/** The discovery protocol refused this member (or the URL is unusable); the message is etcd's text and why. */
public final class DiscoveryException extends Exception {
    public DiscoveryException(String message) {
        super(message, null, false, false);
    }
}
