package dev.flotilla.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** The body of {@code GET /v2/members}: {@code {"members":[...]}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MemberList(List<Member> members) {
    public MemberList {
        members = members == null ? List.of() : List.copyOf(members);
    }
}
