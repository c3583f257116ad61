package dev.flotilla.node.cluster;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/** The JSON values kept in the keyspace. Unknown fields are ignored so newer nodes can add some. */
public final class Records {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Records() {}

    /** A live machine, kept alive by its agent with a TTL. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Machine(String id, String primaryIP, String hostname, Map<String, String> metadata,
                          String clientURL, String version, Map<String, Object> docker,
                          List<String> sshAuthorizedKeys, List<String> users) {
        public Machine {
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        }
    }

    /**
     * The engine's instruction to one machine for one unit. {@code restart} is set by a rolling restart (API
     * {@code POST /flotilla/v1/units/<name>/restart?machine=}): a new value restarts the running unit on that
     * machine only; the engine writes entries without it, which restarts nothing.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScheduleEntry(String desired, String hash, String restart) {
        public ScheduleEntry withRestart(String token) {
            return new ScheduleEntry(desired, hash, token);
        }
    }

    /** Where a unit is placed, or why it cannot be (reason set, machines empty). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Placement(List<String> machines, String reason) {}

    /**
     * The engine's answer to a pin it cannot honour: the machine asked for, the rule that forbids it, and the store
     * index of the pin write it answers, so the API request that wrote that pin recognises its own answer.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PinRefusal(String machineID, String reason, long pinIndex) {}

    /** What an agent reports of a unit it runs, as systemd names it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UnitState(String name, String machineID, String hash, String load, String active, String sub,
                            String result, Long since) {}

    public static String write(Object record) {
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + record, e);
        }
    }

    /** Parses a record; a value that is not one (a user wrote it by hand) gives null, never an exception. */
    public static <T> T read(String json, Class<T> type) {
        if (json == null || json.isBlank()) return null;
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
