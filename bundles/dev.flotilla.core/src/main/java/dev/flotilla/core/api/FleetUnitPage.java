package dev.flotilla.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** One page of {@code GET /fleet/v1/units}; ask again with {@code nextPageToken} while it is non-empty. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"nextPageToken", "units"})
public record FleetUnitPage(String nextPageToken, List<FleetUnit> units) {
    public FleetUnitPage {
        units = units == null ? List.of() : List.copyOf(units);
    }
}
