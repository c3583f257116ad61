package dev.flotilla.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Map;
import java.util.TreeMap;

/**
 * A machine of fleet API v1 ({@code /fleet/v1/machines}).
 *
 * @param id        the machine ID (32 hex digits in fleet, shown truncated as {@code 32a89c4b...})
 * @param metadata  key=value labels used by X-ConditionMachineMetadata; sorted by key
 * @param primaryIP the address other machines and users reach it at
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"id", "metadata", "primaryIP"})
public record FleetMachine(String id, Map<String, String> metadata, String primaryIP) {
    public FleetMachine {
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(metadata));
    }
}
