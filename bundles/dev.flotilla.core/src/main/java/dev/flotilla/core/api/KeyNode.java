package dev.flotilla.core.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * One node of the etcd v2 key space: a key with a value, or a directory with child nodes.
 *
 * <p>Property order and omissions are etcd's: {@code key}, then {@code value} (files only; an empty value is
 * still written) or {@code dir:true}, {@code nodes} (only when non-empty), {@code expiration} (RFC 3339 with
 * nanoseconds, only for keys with a TTL), {@code ttl} (seconds left), {@code modifiedIndex},
 * {@code createdIndex}. The root node has no key and no indexes.
 *
 * @param key           the full path, e.g. {@code /foo/bar}; null for the root
 * @param value         the value of a file; null for a directory
 * @param dir           true for a directory
 * @param nodes         children of a directory, when the request asked for them; null when absent
 * @param expiration    when the node expires, as the server wrote it; null without a TTL
 * @param ttl           seconds until expiration; 0 without a TTL
 * @param modifiedIndex the store index of the last change
 * @param createdIndex  the store index of the creation
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"key", "value", "dir", "nodes", "expiration", "ttl", "modifiedIndex", "createdIndex"})
public record KeyNode(
        @JsonInclude(JsonInclude.Include.NON_NULL) String key,
        @JsonInclude(JsonInclude.Include.NON_NULL) String value,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean dir,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<KeyNode> nodes,
        @JsonInclude(JsonInclude.Include.NON_NULL) String expiration,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long ttl,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long modifiedIndex,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long createdIndex) {

    public KeyNode {
        nodes = nodes == null ? null : List.copyOf(nodes);
    }

    /** A file node without TTL. */
    public static KeyNode file(String key, String value, long modifiedIndex, long createdIndex) {
        return new KeyNode(key, value, false, null, null, 0, modifiedIndex, createdIndex);
    }

    /** A directory node without TTL. */
    public static KeyNode directory(String key, List<KeyNode> nodes, long modifiedIndex, long createdIndex) {
        return new KeyNode(key, null, true, nodes, null, 0, modifiedIndex, createdIndex);
    }

    /** The children, never null. */
    @JsonIgnore
    public List<KeyNode> children() {
        return nodes == null ? List.of() : nodes;
    }

    /** The value, or "" for a directory, as etcd's Go client reports it. */
    @JsonIgnore
    public String valueOrEmpty() {
        return value == null ? "" : value;
    }
}
