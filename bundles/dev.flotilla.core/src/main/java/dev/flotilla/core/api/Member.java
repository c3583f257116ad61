package dev.flotilla.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * One member of the cluster as {@code /v2/members} lists it. A member that was added but has not started yet
 * has an empty name and no client URLs.
 *
 * @param id         the member ID, 16 hex digits
 * @param name       the member's name; empty until it starts
 * @param peerURLs   where other members reach it
 * @param clientURLs where clients reach it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"id", "name", "peerURLs", "clientURLs"})
public record Member(String id, String name, List<String> peerURLs, List<String> clientURLs) {
    public Member {
        name = name == null ? "" : name;
        peerURLs = peerURLs == null ? List.of() : List.copyOf(peerURLs);
        clientURLs = clientURLs == null ? List.of() : List.copyOf(clientURLs);
    }

    /** True once the member has started and published its name. */
    public boolean started() {
        return !name.isEmpty();
    }
}
