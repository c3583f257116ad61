package dev.flotilla.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The error body of etcd's non-key endpoints ({@code /v2/members}, {@code /v2/stats/leader}):
 * {@code {"message":"..."}}, sometimes with a {@code code}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiMessage(String message, @JsonInclude(JsonInclude.Include.NON_DEFAULT) int code) {
}
