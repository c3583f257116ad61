package dev.flotilla.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A machine as {@code GET /flotilla/v1/machines} describes it: fleet's machine plus what Flotilla knows more.
 *
 * @param id           machine ID
 * @param primaryIP    the address other machines and users reach it at
 * @param hostname     host name, when the agent reports one
 * @param metadata     metadata as the scheduler sees it (the machine's own, changed by operator PATCHes)
 * @param clientURL    the node's client URL (API, journal)
 * @param version      Flotilla version of the node
 * @param docker       what the machine's Docker engine reports, or null without one
 * @param units        units the engine has scheduled on it
 * @param engineLeader true for the machine whose engine currently decides placements
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "primaryIP", "hostname", "metadata", "clientURL", "version", "docker", "units",
        "engineLeader"})
public record MachineInfo(String id, String primaryIP, String hostname, Map<String, String> metadata,
                          String clientURL, String version, Map<String, Object> docker, int units,
                          boolean engineLeader) {
    public MachineInfo {
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(metadata));
    }

    /** The list reply: {@code {"machines":[...]}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Listing(List<MachineInfo> machines) {
        public Listing {
            machines = machines == null ? List.of() : List.copyOf(machines);
        }
    }
}
