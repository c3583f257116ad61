package dev.flotilla.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What systemd on one machine reports for a unit ({@code /fleet/v1/state}).
 *
 * @param hash               the hash of the unit file the machine runs
 * @param machineID          the reporting machine
 * @param name               the unit name
 * @param systemdActiveState e.g. active, inactive, failed
 * @param systemdLoadState   e.g. loaded, not-found
 * @param systemdSubState    e.g. running, dead
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"hash", "machineID", "name", "systemdActiveState", "systemdLoadState", "systemdSubState"})
public record FleetUnitState(String hash, String machineID, String name, String systemdActiveState,
                             String systemdLoadState, String systemdSubState) {
}
