package dev.flotilla.node.boot;

/** The node refuses to boot; the message says why (cloud-config diagnostics, a discovery refusal, ...). */
public final class BootException extends Exception {
    public BootException(String message) {
        super(message, null, false, false);
    }
}
