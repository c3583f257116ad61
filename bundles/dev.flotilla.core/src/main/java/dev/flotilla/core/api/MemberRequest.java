package dev.flotilla.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** The body of {@code POST /v2/members} and {@code PUT /v2/members/<id>}: {@code {"peerURLs":[...]}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MemberRequest(List<String> peerURLs) {
    public MemberRequest {
        peerURLs = peerURLs == null ? List.of() : List.copyOf(peerURLs);
    }
}
