package dev.flotilla.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** One page of {@code GET /fleet/v1/machines}; ask again with {@code nextPageToken} while it is non-empty. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"machines", "nextPageToken"})
public record FleetMachinePage(List<FleetMachine> machines, String nextPageToken) {
    public FleetMachinePage {
        machines = machines == null ? List.of() : List.copyOf(machines);
    }
}
