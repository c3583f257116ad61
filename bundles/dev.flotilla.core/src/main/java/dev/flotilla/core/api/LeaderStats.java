package dev.flotilla.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Map;

/** The body of {@code GET /v2/stats/leader} on the leader: latency and append counts per follower. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"leader", "followers"})
public record LeaderStats(String leader, Map<String, Follower> followers) {
    public LeaderStats {
        followers = followers == null ? Map.of() : Map.copyOf(followers);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"latency", "counts"})
    public record Follower(Latency latency, Counts counts) {
    }

    /** Round-trip times in seconds. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"current", "average", "standardDeviation", "minimum", "maximum"})
    public record Latency(double current, double average, double standardDeviation, double minimum, double maximum) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"fail", "success"})
    public record Counts(long fail, long success) {
    }
}
