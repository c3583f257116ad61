package dev.flotilla.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * {@code GET /flotilla/v1/units/{name}/explain}: where the engine would put the unit now and, for every live
 * machine, whether it is eligible or which rule excludes it.
 *
 * @param unit            the unit
 * @param global          true for a Global=true unit (it goes to every eligible machine; no single choice)
 * @param currentMachines where the unit is placed now (empty when nowhere)
 * @param chosenMachine   the machine a placement now would pick, or null
 * @param reason          why no machine is eligible, or null
 * @param machines        one verdict per machine: eligible ones first, least loaded first
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"unit", "global", "currentMachines", "chosenMachine", "reason", "machines"})
public record Explanation(String unit, boolean global, List<String> currentMachines, String chosenMachine,
                          String reason, List<Verdict> machines) {
    public Explanation {
        currentMachines = currentMachines == null ? List.of() : List.copyOf(currentMachines);
        machines = machines == null ? List.of() : List.copyOf(machines);
    }

    /** One machine's answer: eligible, or the first rule that excludes it; {@code load} = units it hosts. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"machineID", "eligible", "reason", "load"})
    public record Verdict(String machineID, boolean eligible, String reason, int load) {
    }
}
