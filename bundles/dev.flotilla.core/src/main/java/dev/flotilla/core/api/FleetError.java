package dev.flotilla.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The error body of fleet API v1: {@code {"error":{"code":404,"message":"unit does not exist"}}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FleetError(Detail error) {
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"code", "message"})
    public record Detail(int code, String message) {
    }

    public static FleetError of(int code, String message) {
        return new FleetError(new Detail(code, message));
    }
}
