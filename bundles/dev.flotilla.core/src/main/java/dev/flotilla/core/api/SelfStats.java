package dev.flotilla.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The body of {@code GET /v2/stats/self}: this member's raft role and traffic. The rates appear only once
 * the member has sent or received appends.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"name", "id", "state", "startTime", "leaderInfo", "recvAppendRequestCnt", "recvPkgRate",
        "recvBandwidthRate", "sendAppendRequestCnt", "sendPkgRate", "sendBandwidthRate"})
public record SelfStats(
        String name,
        String id,
        String state,
        String startTime,
        LeaderInfo leaderInfo,
        long recvAppendRequestCnt,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) double recvPkgRate,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) double recvBandwidthRate,
        long sendAppendRequestCnt,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) double sendPkgRate,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) double sendBandwidthRate) {

    /** Who leads, since when, for how long (a Go duration string such as {@code 2.16s}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"leader", "uptime", "startTime"})
    public record LeaderInfo(String leader, String uptime, String startTime) {
    }

    /** True when this member is the raft leader. */
    public boolean isLeader() {
        return "StateLeader".equals(state);
    }
}
