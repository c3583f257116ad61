package dev.flotilla.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * A unit of fleet API v1 ({@code /fleet/v1/units/<name>}): its options and its desired and current
 * cluster-level state.
 *
 * @param currentState inactive, loaded or launched; set by the server
 * @param desiredState inactive, loaded or launched; what the user asked for
 * @param machineID    the machine the unit is scheduled to; empty while unscheduled
 * @param name         the unit name, e.g. {@code nginx@1.service}
 * @param options      the unit file as (section, name, value) triples, in file order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"currentState", "desiredState", "machineID", "name", "options"})
public record FleetUnit(String currentState, String desiredState, String machineID, String name,
                        List<FleetUnitOption> options) {
    public static final String INACTIVE = "inactive";
    public static final String LOADED = "loaded";
    public static final String LAUNCHED = "launched";

    public FleetUnit {
        options = options == null ? List.of() : List.copyOf(options);
    }
}
