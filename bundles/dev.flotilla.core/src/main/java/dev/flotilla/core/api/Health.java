package dev.flotilla.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of {@code GET /health}: {@code {"health":"true"}}. Old servers wrote a JSON boolean, which
 * Jackson reads into the same string.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Health(String health, @JsonInclude(JsonInclude.Include.NON_EMPTY) String reason) {
    public boolean healthy() {
        return "true".equals(health);
    }
}
