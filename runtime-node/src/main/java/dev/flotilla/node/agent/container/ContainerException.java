package dev.flotilla.node.agent.container;

/** A container operation failed; the message says which and why (engine unreachable, image missing, ...). */
public final class ContainerException extends Exception {
    public ContainerException(String message, Throwable cause) {
        super(message, cause);
    }

    public ContainerException(String message) {
        super(message);
    }
}
