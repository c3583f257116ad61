package dev.flotilla.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The body of a successful etcd v2 keys request: {@code {"action":A,"node":N[,"prevNode":N]}}.
 *
 * @param action   get, set, create, update, compareAndSwap, delete, compareAndDelete or expire
 * @param node     the node after the action (for a delete: the key with its new modifiedIndex)
 * @param prevNode the node before the action, when the action replaced or removed one; otherwise null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"action", "node", "prevNode"})
public record KeysResponse(
        String action,
        KeyNode node,
        @JsonInclude(JsonInclude.Include.NON_NULL) KeyNode prevNode) {
}
