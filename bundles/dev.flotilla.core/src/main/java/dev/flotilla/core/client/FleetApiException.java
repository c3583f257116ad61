package dev.flotilla.core.client;

import java.net.URI;

/** A fleet or Flotilla API call refused by the server: its status and fleet's error message. */
public final class FleetApiException extends ResponseException {
    public FleetApiException(String what, int status, URI endpoint, String serverMessage) {
        super(what + ": " + (serverMessage == null || serverMessage.isEmpty() ? "HTTP " + status : serverMessage)
                + " (" + endpoint + ")", status, endpoint, serverMessage);
    }
}
