package dev.flotilla.core.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One change in the cluster as {@code GET /flotilla/v1/events} streams it (the SSE event's {@code data}; the SSE
 * {@code event} is {@link #type}, its {@code id} is {@link #index}, which a reconnecting client sends back as
 * {@code Last-Event-ID} to resume).
 *
 * <p>Types: {@code machine} (a machine record appeared, changed or lapsed; value = record JSON), {@code unit}
 * (field {@code file}, {@code desired} or {@code pin} of a unit; {@code field} null when the whole unit was
 * destroyed), {@code placement} (value = the engine's placement record), {@code schedule}, {@code state} (value = the
 * agent's report), {@code engine} (the engine lease), {@code metadata} (operator metadata); plus {@code hello} (the
 * stream starts after {@code index}) and {@code resync} (history was lost: reload, then follow from {@code index}).
 *
 * @param type      what kind of thing changed
 * @param action    the store action: set, create, update, compareAndSwap, delete, expire, ...
 * @param index     the store index of the change
 * @param key       the store key
 * @param unit      the unit concerned, or null
 * @param machineID the machine concerned, or null
 * @param field     for unit events: file, desired or pin; for metadata: the key
 * @param value     the new value (null when deleted)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "action", "index", "key", "unit", "machineID", "field", "value"})
public record ClusterEvent(String type, String action, long index, String key, String unit, String machineID,
                           String field, String value) {

    /** True when the change removed something (delete, expire, ...). */
    @JsonIgnore
    public boolean isRemoval() {
        return action != null && (action.equals("delete") || action.equals("expire")
                || action.equals("compareAndDelete"));
    }
}
