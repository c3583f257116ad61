package dev.flotilla.core.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.core.api.ApiJson;
import dev.flotilla.core.api.ClusterEvent;
import dev.flotilla.core.api.Explanation;
import dev.flotilla.core.api.FleetError;
import dev.flotilla.core.api.FleetMachine;
import dev.flotilla.core.api.FleetMachinePage;
import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.api.FleetUnitOption;
import dev.flotilla.core.api.FleetUnitPage;
import dev.flotilla.core.api.FleetUnitState;
import dev.flotilla.core.api.FleetUnitStatePage;
import dev.flotilla.core.api.JournalPage;
import dev.flotilla.core.api.MachineInfo;
import dev.flotilla.core.api.PinResult;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * fleet's API v1 and Flotilla's {@code /flotilla/v1/} as calls: units (list, get, submit, desired state, destroy),
 * unit states, machines (and their metadata), explain, placement pins, the cluster event stream and unit journals.
 * Lists follow {@code nextPageToken} to the end. A refusal by the server is a {@link FleetApiException} carrying
 * the status and fleet's error message.
 */
public final class FleetClient {
    private static final String JSON = "application/json";

    private final HttpTransport transport;

    public FleetClient(HttpTransport transport) {
        this.transport = transport;
    }

    public static FleetClient create(ClientConfig config) throws ConfigException {
        return new FleetClient(HttpTransport.create(config));
    }

    public HttpTransport transport() {
        return transport;
    }

    // ---------------------------------------------------------------- units

    public List<FleetUnit> units() throws ClientException {
        List<FleetUnit> out = new ArrayList<>();
        String token = null;
        do {
            FleetUnitPage p = get("/fleet/v1/units" + pageQuery(token), FleetUnitPage.class, "list units");
            out.addAll(p.units());
            token = p.nextPageToken();
        } while (token != null && !token.isEmpty());
        return out;
    }

    /** The unit, or empty when it does not exist. */
    public Optional<FleetUnit> unit(String name) throws ClientException {
        HttpTransport.Reply r = transport.send(HttpTransport.Call.get("/fleet/v1/units/" + UrlCodec.escapePath(name)));
        if (r.status() == 404) {
            return Optional.empty();
        }
        expect(r, 200, "get unit " + name);
        return Optional.of(read(r, FleetUnit.class));
    }

    /**
     * Submits a unit ({@code PUT} with options). {@code desiredState} may be null (inactive); {@code replace} allows
     * different options for an existing unit. A 400 carries the file's line/column diagnostics.
     */
    public void submit(String name, List<FleetUnitOption> options, String desiredState, boolean replace)
            throws ClientException {
        FleetUnit body = new FleetUnit(null, desiredState, null, name, options);
        HttpTransport.Reply r = transport.send(new HttpTransport.Call("PUT", "/fleet/v1/units/"
                + UrlCodec.escapePath(name) + (replace ? "?replace=true" : ""), JSON, bytes(ApiJson.write(body)),
                false, false));
        expect(r, r.status() == 204 ? 204 : 201, "submit " + name);
    }

    /** Sets the desired state (inactive, loaded, launched); an instance of a submitted template is created. */
    public void setDesired(String name, String desiredState) throws ClientException {
        FleetUnit body = new FleetUnit(null, desiredState, null, name, null);
        HttpTransport.Reply r = transport.send(new HttpTransport.Call("PUT", "/fleet/v1/units/"
                + UrlCodec.escapePath(name), JSON, bytes(ApiJson.write(body)), false, false));
        if (r.status() != 201) {
            expect(r, 204, "set " + name + " to " + desiredState);
        }
    }

    /** Destroys a unit; false when it did not exist. */
    public boolean destroy(String name) throws ClientException {
        HttpTransport.Reply r = transport.send(new HttpTransport.Call("DELETE", "/fleet/v1/units/"
                + UrlCodec.escapePath(name), null, null, false, false));
        if (r.status() == 404) {
            return false;
        }
        expect(r, 204, "destroy " + name);
        return true;
    }

    // ---------------------------------------------------------------- state, machines

    /** Unit states, optionally filtered by machine and/or unit (null: no filter). */
    public List<FleetUnitState> states(String machineId, String unitName) throws ClientException {
        List<FleetUnitState> out = new ArrayList<>();
        String token = null;
        do {
            Map<String, String> q = new LinkedHashMap<>();
            if (machineId != null) {
                q.put("machineID", machineId);
            }
            if (unitName != null) {
                q.put("unitName", unitName);
            }
            if (token != null) {
                q.put("nextPageToken", token);
            }
            FleetUnitStatePage p = get("/fleet/v1/state" + (q.isEmpty() ? "" : "?" + UrlCodec.encodeForm(q)),
                    FleetUnitStatePage.class, "list unit states");
            out.addAll(p.states());
            token = p.nextPageToken();
        } while (token != null && !token.isEmpty());
        return out;
    }

    public List<FleetMachine> machines() throws ClientException {
        List<FleetMachine> out = new ArrayList<>();
        String token = null;
        do {
            FleetMachinePage p = get("/fleet/v1/machines" + pageQuery(token), FleetMachinePage.class, "list machines");
            out.addAll(p.machines());
            token = p.nextPageToken();
        } while (token != null && !token.isEmpty());
        return out;
    }

    /** Sets (value non-null) or removes (null) one metadata key of a machine. */
    public void setMetadata(String machineId, String key, String value) throws ClientException {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", value == null ? "remove" : "add");
        op.put("path", "/" + machineId + "/metadata/" + key);
        if (value != null) {
            op.put("value", Map.of("value", value));
        }
        HttpTransport.Reply r = transport.send(new HttpTransport.Call("PATCH", "/fleet/v1/machines", JSON,
                bytes(ApiJson.write(List.of(op))), false, false));
        expect(r, 204, "change metadata of " + machineId);
    }

    /** Flotilla's machine records: fleet's fields plus client URL, Docker, unit count and engine leader. */
    public List<MachineInfo> machineInfos() throws ClientException {
        return get("/flotilla/v1/machines", MachineInfo.Listing.class, "list machines").machines();
    }

    // ---------------------------------------------------------------- explain, pin

    public Explanation explain(String unit) throws ClientException {
        return get("/flotilla/v1/units/" + UrlCodec.escapePath(unit) + "/explain", Explanation.class,
                "explain " + unit);
    }

    /**
     * Where a unit file would go if it were submitted now (or replaced the submitted unit of that name), and why not
     * elsewhere; nothing is written. An invalid file is a {@link FleetApiException} (400) carrying the file's
     * line/column errors.
     */
    public Explanation explainFile(String unit, String unitFileText) throws ClientException {
        HttpTransport.Reply r = transport.send(new HttpTransport.Call("POST", "/flotilla/v1/units/"
                + UrlCodec.escapePath(unit) + "/explain", "text/plain; charset=utf-8", bytes(unitFileText), false,
                false));
        expect(r, 200, "explain " + unit);
        return read(r, Explanation.class);
    }

    /**
     * Pins a unit to a machine and waits (server side) for the engine to move it. A refusal is a
     * {@link FleetApiException} with status 409 whose message names the rule.
     */
    public PinResult pin(String unit, String machineId) throws ClientException {
        HttpTransport.Reply r = transport.send(new HttpTransport.Call("PUT", "/flotilla/v1/units/"
                + UrlCodec.escapePath(unit) + "/pin", JSON, bytes(ApiJson.write(Map.of("machineID", machineId))),
                false, true));
        if (r.status() != 202) {
            expect(r, 200, "pin " + unit + " to " + machineId);
        }
        return read(r, PinResult.class);
    }

    /**
     * Restarts a launched unit on one machine only and waits (server side, up to {@code timeoutSeconds}) until that
     * machine reports it active again: true when it is, false when the wait ran out (the restart stays requested).
     * A unit not launched there, or one that failed to start again, is a {@link FleetApiException} (404/409).
     */
    public boolean restartOn(String unit, String machineId, double timeoutSeconds) throws ClientException {
        HttpTransport.Reply r = transport.send(new HttpTransport.Call("POST", "/flotilla/v1/units/"
                + UrlCodec.escapePath(unit) + "/restart?machine=" + UrlCodec.escapePath(machineId) + "&timeout="
                + timeoutSeconds, null, null, true, true));
        if (r.status() == 202) {
            return false;
        }
        expect(r, 200, "restart " + unit + " on " + machineId);
        return true;
    }

    /** Removes a unit's pin; false when it had none. */
    public boolean unpin(String unit) throws ClientException {
        HttpTransport.Reply r = transport.send(new HttpTransport.Call("DELETE", "/flotilla/v1/units/"
                + UrlCodec.escapePath(unit) + "/pin", null, null, false, false));
        if (r.status() == 404) {
            return false;
        }
        expect(r, 204, "unpin " + unit);
        return true;
    }

    // ---------------------------------------------------------------- events

    /**
     * Follows the cluster's changes after store index {@code after} (negative: from now on, starting with a
     * {@code hello} event). The subscription reconnects by itself, resuming after the last event it delivered.
     */
    public EventSubscription events(long after) {
        return new EventSubscription(after);
    }

    /** A followed event stream; {@link #next()} blocks until the next change. Close it from any thread. */
    public final class EventSubscription implements AutoCloseable {
        private long lastIndex;
        private HttpTransport.Stream stream;
        private SseReader reader;
        private volatile boolean closed;

        private EventSubscription(long after) {
            this.lastIndex = after;
        }

        /** The next event, or null once closed. */
        public ClusterEvent next() throws ClientException {
            while (!closed) {
                try {
                    if (reader == null) {
                        connect();
                    }
                    SseReader.Event e = reader.next();
                    if (e == null) {
                        disconnect();
                        continue;
                    }
                    ClusterEvent ev = ApiJson.mapper().readValue(e.data(), ClusterEvent.class);
                    if (e.id() != null && !e.id().isEmpty()) {
                        lastIndex = Long.parseLong(e.id());
                    }
                    return ev;
                } catch (IOException | NumberFormatException e) {
                    disconnect();
                    if (closed) {
                        return null;
                    }
                    pause();
                }
            }
            return null;
        }

        /** The index of the last event delivered (what a reconnect resumes after). */
        public long lastIndex() {
            return lastIndex;
        }

        private void connect() throws ClientException {
            Map<String, String> h = lastIndex >= 0 ? Map.of("Last-Event-ID", Long.toString(lastIndex)) : Map.of();
            HttpTransport.Stream s = transport.openStream("/flotilla/v1/events", h, null);
            if (s.status() != 200) {
                String body;
                try {
                    body = s.readAll();
                    s.close();
                } catch (IOException e) {
                    body = "";
                }
                throw new FleetApiException("follow events", s.status(), s.endpoint(), fleetMessage(body));
            }
            stream = s;
            reader = new SseReader(s.body());
        }

        private void disconnect() {
            reader = null;
            if (stream != null) {
                try {
                    stream.close();
                } catch (IOException e) {
                    // already gone
                }
                stream = null;
            }
        }

        @Override
        public void close() {
            closed = true;
            disconnect();
        }
    }

    // ---------------------------------------------------------------- journal

    /**
     * The last {@code lines} journal lines of a unit, asked of the machine that runs it (its client URL from the
     * machine records), or of the configured endpoints when that machine announces none.
     */
    public JournalPage journal(String unit, int lines) throws ClientException {
        String path = "/flotilla/v1/journal/" + UrlCodec.escapePath(unit) + "?lines=" + lines;
        URI at = journalHost(unit);
        HttpTransport.Reply r = at == null ? transport.send(HttpTransport.Call.get(path))
                : transport.sendTo(at, HttpTransport.Call.get(path));
        expect(r, 200, "read the journal of " + unit);
        return read(r, JournalPage.class);
    }

    /** A unit's journal as it grows: first the last {@code lines} lines, then each new one. Close to stop. */
    public JournalFollow followJournal(String unit, int lines) throws ClientException {
        String path = "/flotilla/v1/journal/" + UrlCodec.escapePath(unit) + "?follow=true&lines=" + lines;
        HttpTransport.Stream s = transport.openStream(path, Map.of(), journalHost(unit));
        if (s.status() != 200) {
            String body;
            try {
                body = s.readAll();
                s.close();
            } catch (IOException e) {
                body = "";
            }
            throw new FleetApiException("follow the journal of " + unit, s.status(), s.endpoint(), fleetMessage(body));
        }
        return new JournalFollow(s);
    }

    /** A followed journal. */
    public static final class JournalFollow implements AutoCloseable {
        private final HttpTransport.Stream stream;
        private final SseReader reader;

        private JournalFollow(HttpTransport.Stream stream) {
            this.stream = stream;
            this.reader = new SseReader(stream.body());
        }

        /** The next line, or null when the stream ended. */
        public JournalPage.Line next() throws IOException {
            SseReader.Event e;
            while ((e = reader.next()) != null) {
                if ("entry".equals(e.event())) {
                    return ApiJson.mapper().readValue(e.data(), JournalPage.Line.class);
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    private URI journalHost(String unit) throws ClientException {
        Optional<FleetUnit> u = unit(unit);
        if (u.isEmpty()) {
            throw new FleetApiException("read the journal of " + unit, 404, transport.endpoints().get(0),
                    "unit does not exist");
        }
        String machine = u.get().machineID();
        if (machine == null || machine.isEmpty()) {
            List<FleetUnitState> st = states(null, unit);
            machine = st.isEmpty() ? null : st.get(0).machineID();
        }
        if (machine == null) {
            return null;
        }
        for (MachineInfo m : machineInfos()) {
            if (m.id().equals(machine) && m.clientURL() != null && !m.clientURL().isEmpty()) {
                return URI.create(m.clientURL());
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- plumbing

    private static String pageQuery(String token) {
        return token == null ? "" : "?nextPageToken=" + UrlCodec.escapeQuery(token);
    }

    private <T> T get(String pathAndQuery, Class<T> type, String what) throws ClientException {
        HttpTransport.Reply r = transport.send(HttpTransport.Call.get(pathAndQuery));
        expect(r, 200, what);
        return read(r, type);
    }

    private static void expect(HttpTransport.Reply r, int status, String what) throws FleetApiException {
        if (r.status() != status) {
            throw new FleetApiException(what, r.status(), r.endpoint(), fleetMessage(r.body()));
        }
    }

    /** fleet's error message out of an error body; also Flotilla's journal errors ({"message":..}). */
    static String fleetMessage(String body) {
        try {
            JsonNode n = ApiJson.mapper().readTree(body);
            if (n != null && n.has("error")) {
                FleetError e = ApiJson.mapper().treeToValue(n, FleetError.class);
                return e.error() == null ? "" : e.error().message();
            }
            if (n != null && n.has("message")) {
                return n.get("message").asText();
            }
        } catch (JsonProcessingException e) {
            // not JSON: the raw text, shortened
        }
        String b = body == null ? "" : body.strip();
        return b.length() > 200 ? b.substring(0, 200) + "..." : b;
    }

    private static <T> T read(HttpTransport.Reply r, Class<T> type) throws ResponseException {
        try {
            return ApiJson.mapper().readValue(r.body(), type);
        } catch (JsonProcessingException e) {
            throw new ResponseException("unexpected reply from " + r.endpoint() + ": not a " + type.getSimpleName()
                    + " (" + e.getOriginalMessage() + ")", r.status(), r.endpoint(), null);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
