package dev.flotilla.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The answer to {@code PUT /flotilla/v1/units/{name}/pin}.
 *
 * @param unit      the unit
 * @param machineID the machine it is pinned to
 * @param placed    true when the engine has placed it there (status 200); false when the pin is recorded but the
 *                  unit is not running there yet (status 202: not loaded, or the engine did not answer in time)
 * @param message   what happened, for people
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"unit", "machineID", "placed", "message"})
public record PinResult(String unit, String machineID, boolean placed, String message) {
}
