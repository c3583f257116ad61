package dev.flotilla.node.agent;

/** A request the agent refuses (unknown unit, invalid spec); nothing was changed. */
public final class AgentException extends Exception {
    public AgentException(String message) {
        super(message);
    }
}
