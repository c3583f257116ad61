package dev.flotilla.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The body of {@code GET /v2/stats/store}: operation counters of this member's v2 store since it started. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"getsSuccess", "getsFail", "setsSuccess", "setsFail", "deleteSuccess", "deleteFail",
        "updateSuccess", "updateFail", "createSuccess", "createFail", "compareAndSwapSuccess", "compareAndSwapFail",
        "compareAndDeleteSuccess", "compareAndDeleteFail", "expireCount", "watchers"})
public record StoreStats(
        long getsSuccess, long getsFail,
        long setsSuccess, long setsFail,
        long deleteSuccess, long deleteFail,
        long updateSuccess, long updateFail,
        long createSuccess, long createFail,
        long compareAndSwapSuccess, long compareAndSwapFail,
        long compareAndDeleteSuccess, long compareAndDeleteFail,
        long expireCount, long watchers) {
}
