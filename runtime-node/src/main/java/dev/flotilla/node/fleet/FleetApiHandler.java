package dev.flotilla.node.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.core.api.ApiJson;
import dev.flotilla.core.api.EtcdError;
import dev.flotilla.core.api.FleetMachine;
import dev.flotilla.core.api.FleetMachinePage;
import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.api.FleetUnitOption;
import dev.flotilla.core.api.FleetUnitPage;
import dev.flotilla.core.api.FleetUnitState;
import dev.flotilla.core.api.FleetUnitStatePage;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.DeleteOptions;
import dev.flotilla.core.client.EtcdException;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.core.client.KeysResult;
import dev.flotilla.core.client.SetOptions;
import dev.flotilla.core.unit.Diagnostic;
import dev.flotilla.core.unit.UnitName;
import dev.flotilla.core.unit.ValueException;
import dev.flotilla.core.unit.check.UnitChecker;
import dev.flotilla.core.unit.fleet.FleetHash;
import dev.flotilla.node.cluster.Keyspace;
import dev.flotilla.node.cluster.MetadataOverrides;
import dev.flotilla.node.cluster.Records;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.URIUtil;

/**
 * fleet's HTTP API v1 ({@code Documentation/api-v1.md} of coreos/fleet), served from the store:
 * <ul>
 * <li>{@code GET /fleet/v1/units}, {@code GET|PUT|DELETE /fleet/v1/units/{name}}: PUT with options submits (201),
 * with only {@code desiredState} changes the desired state (204). As in fleet, a unit that does not exist and comes
 * without options is a 409, except that an instance {@code a@x.service} of a submitted template {@code a@.service}
 * is created from the template (fleetctl did that client-side). Unlike fleet 1.0, a submitted unit is immutable:
 * different options for an existing unit are a 409 unless the request says {@code ?replace=true}
 * ({@code fleetctl --replace}).</li>
 * <li>Submitted files are checked with the unit model (syntax, systemd keys, [X-Fleet] combinations) and refused
 * with a 400 naming line and column; nothing is stored then.</li>
 * <li>{@code GET /fleet/v1/state[?machineID=&unitName=]}, {@code GET /fleet/v1/machines},
 * {@code PATCH /fleet/v1/machines} (metadata add/replace/remove, fleet's op format).</li>
 * <li>Lists are paged with fleet's {@code nextPageToken}; errors are fleet's {@code {"error":{"code","message"}}}.</li>
 * </ul>
 * Every reply to a read carries {@code X-Flotilla-Index}, the store index it reflects.
 */
public final class FleetApiHandler extends Handler.Abstract {
    private static final Logger LOG = Logger.getLogger(FleetApiHandler.class.getName());
    public static final String PREFIX = "/fleet/v1";
    /** fleet's default {@code token_limit}. */
    public static final int DEFAULT_PAGE_SIZE = 100;
    private static final Pattern METADATA_PATH = Pattern.compile("^/([^/]+)/metadata/([A-Za-z0-9_.-]+$)");

    private final KeysClient store;
    private final int pageSize;

    public FleetApiHandler(KeysClient store) {
        this(store, DEFAULT_PAGE_SIZE);
    }

    public FleetApiHandler(KeysClient store, int pageSize) {
        this.store = store;
        this.pageSize = pageSize;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (path == null || !(path.equals(PREFIX) || path.startsWith(PREFIX + "/"))) return false;
        String rest = path.substring(PREFIX.length());
        String method = request.getMethod();
        try {
            if (rest.isEmpty() || rest.equals("/")) {
                return ApiReplies.error(response, callback, 405, null);
            }
            if (rest.equals("/units")) {
                return "GET".equals(method) ? listUnits(request, response, callback)
                        : ApiReplies.error(response, callback, 405, "only GET supported against this resource");
            }
            String unit = item(rest, "/units/");
            if (unit != null) {
                return switch (method) {
                    case "GET" -> getUnit(unit, response, callback);
                    case "PUT" -> putUnit(unit, request, response, callback);
                    case "DELETE" -> destroyUnit(unit, response, callback);
                    default -> ApiReplies.error(response, callback, 405,
                            "only GET, PUT and DELETE supported against this resource");
                };
            }
            if (rest.equals("/state")) {
                return "GET".equals(method) ? listStates(request, response, callback)
                        : ApiReplies.error(response, callback, 405, "only GET supported against this resource");
            }
            String stateOf = item(rest, "/state/");
            if (stateOf != null) {
                return "GET".equals(method) ? getState(stateOf, response, callback)
                        : ApiReplies.error(response, callback, 405, "only GET supported against this resource");
            }
            if (rest.equals("/machines")) {
                return switch (method) {
                    case "GET" -> listMachines(request, response, callback);
                    case "PATCH" -> patchMachines(request, response, callback);
                    default -> ApiReplies.error(response, callback, 405,
                            "only GET and PATCH supported against this resource");
                };
            }
            return ApiReplies.error(response, callback, 404, null);
        } catch (ClientException e) {
            LOG.log(Level.FINE, "fleet API: store unavailable", e);
            return ApiReplies.error(response, callback, 503, "the store is unavailable: " + e.getMessage());
        }
    }

    /** The item of {@code /units/<item>}: one decoded path segment, or null. */
    private static String item(String rest, String base) {
        if (!rest.startsWith(base) || rest.endsWith("/")) return null;
        String raw = rest.substring(base.length());
        if (raw.isEmpty() || raw.contains("/")) return null;
        return URIUtil.decodePath(raw);
    }

    // ------------------------------------------------------------------ units

    private boolean listUnits(Request request, Response response, Callback callback) throws ClientException {
        PageToken tok;
        try {
            tok = PageToken.parse(query(request).getValues("nextPageToken"), pageSize);
        } catch (IllegalArgumentException e) {
            return ApiReplies.error(response, callback, 400, e.getMessage());
        }
        ClusterSnapshot s = ClusterSnapshot.read(store);
        List<ClusterSnapshot.Unit> all = new ArrayList<>(s.units.values());
        PageToken.Page<ClusterSnapshot.Unit> page = tok.slice(all);
        List<FleetUnit> units = page.items().stream().map(u -> FleetViews.unit(s, u)).toList();
        return ApiReplies.json(response, callback, 200, new FleetUnitPage(page.nextPageToken(), units), s.index);
    }

    private boolean getUnit(String name, Response response, Callback callback) throws ClientException {
        ClusterSnapshot s = ClusterSnapshot.read(store);
        ClusterSnapshot.Unit u = s.units.get(name);
        if (u == null) return ApiReplies.error(response, callback, 404, "unit does not exist");
        return ApiReplies.json(response, callback, 200, FleetViews.unit(s, u), s.index);
    }

    private boolean destroyUnit(String name, Response response, Callback callback) throws ClientException {
        try {
            store.get(Keyspace.unitFile(name));
        } catch (EtcdException e) {
            if (e.errorCode() == EtcdError.KEY_NOT_FOUND) {
                return ApiReplies.error(response, callback, 404, "unit does not exist");
            }
            throw e;
        }
        try {
            store.delete(Keyspace.unit(name), new DeleteOptions(null, 0, true, true));
        } catch (EtcdException e) {
            if (e.errorCode() == EtcdError.KEY_NOT_FOUND) {
                return ApiReplies.error(response, callback, 404, "unit does not exist");
            }
            throw e;
        }
        return ApiReplies.json(response, callback, 204, null, 0);
    }

    private boolean putUnit(String item, Request request, Response response, Callback callback) throws ClientException {
        String ct = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        int cts = request.getHeaders().getValuesList(HttpHeader.CONTENT_TYPE).size();
        if (cts != 1) {
            return ApiReplies.error(response, callback, 415, "expected 1 Content-Type, got " + cts);
        }
        if (!"application/json".equals(ct.split(";", 2)[0].trim())) {
            return ApiReplies.error(response, callback, 415, "only acceptable Content-Type is application/json");
        }
        FleetUnit su;
        try {
            String body = Content.Source.asString(request, StandardCharsets.UTF_8);
            su = ApiJson.mapper().readValue(body, FleetUnit.class);
            if (su == null) throw new IllegalArgumentException("empty body");
        } catch (Exception e) {
            return ApiReplies.error(response, callback, 400, "unable to decode body: " + oneLine(e.getMessage()));
        }
        String name = su.name() == null || su.name().isEmpty() ? item : su.name();
        if (!item.equals(name)) {
            return ApiReplies.error(response, callback, 400, "name in URL \"" + item
                    + "\" differs from unit name in request body \"" + name + "\"");
        }
        UnitName un;
        try {
            un = UnitName.parse(name);
        } catch (ValueException e) {
            return ApiReplies.error(response, callback, 400, e.getMessage());
        }
        String desired = su.desiredState();
        if (desired != null && !desired.isEmpty() && !List.of(FleetUnit.INACTIVE, FleetUnit.LOADED, FleetUnit.LAUNCHED)
                .contains(desired)) {
            return ApiReplies.error(response, callback, 400, "invalid desiredState \"" + desired
                    + "\": expected inactive, loaded or launched");
        }
        boolean replace = "true".equals(query(request).getValue("replace"));

        KeysResult existing = getOrNull(Keyspace.unitFile(name));
        String text = null;
        if (!su.options().isEmpty()) {
            String problem = optionsProblem(su.options());
            if (problem != null) return ApiReplies.error(response, callback, 400, problem);
            text = FleetHash.serialize(su.options().stream()
                    .map(o -> new FleetHash.Option(o.section(), o.name(), o.value() == null ? "" : o.value())).toList());
        } else if (existing == null && un.isInstance()) {
            // an instance is created from its submitted template, as fleetctl start/load did for its users
            KeysResult template = getOrNull(Keyspace.unitFile(un.template().full()));
            if (template != null) text = template.node().value();
        }

        if (existing == null) {
            if (text == null) {
                return ApiReplies.error(response, callback, 409, "unit does not exist and options field empty");
            }
            if (un.isTemplate() && desired != null && !desired.isEmpty() && !FleetUnit.INACTIVE.equals(desired)) {
                return ApiReplies.error(response, callback, 400, "cannot activate template \"" + name + "\"");
            }
            String invalid = validate(name, text);
            if (invalid != null) return ApiReplies.error(response, callback, 400, invalid);
            return create(name, text, desired, response, callback);
        }

        String storedText = existing.node().value();
        if (text != null && !sameUnit(text, storedText)) {
            if (!replace) {
                return ApiReplies.error(response, callback, 409, "unit " + name
                        + " already exists with different options; destroy it first, or submit with replace=true");
            }
            String invalid = validate(name, text);
            if (invalid != null) return ApiReplies.error(response, callback, 400, invalid);
            try {
                store.set(Keyspace.unitFile(name), text, SetOptions.DEFAULT.withPrevIndex(existing.node().modifiedIndex()));
            } catch (EtcdException e) {
                if (e.errorCode() == EtcdError.TEST_FAILED) {
                    return ApiReplies.error(response, callback, 409, "unit " + name + " changed meanwhile; try again");
                }
                throw e;
            }
            if (desired != null && !desired.isEmpty()) store.set(Keyspace.unitDesired(name), desired);
            return ApiReplies.json(response, callback, 201, null, 0);
        }
        if (desired == null || desired.isEmpty()) {
            return ApiReplies.error(response, callback, 409, "must provide DesiredState to update existing unit");
        }
        if (un.isTemplate() && !FleetUnit.INACTIVE.equals(desired)) {
            return ApiReplies.error(response, callback, 400, "cannot activate template \"" + name + "\"");
        }
        store.set(Keyspace.unitDesired(name), desired);
        return ApiReplies.json(response, callback, 204, null, 0);
    }

    /**
     * File first, then desired state: the engine ignores a desired state without a file, and treats a file alone
     * as inactive. If the second write fails the first is taken back, so a refused submit leaves nothing.
     */
    private boolean create(String name, String text, String desired, Response response, Callback callback)
            throws ClientException {
        KeysResult file;
        try {
            file = store.create(Keyspace.unitFile(name), text, 0);
        } catch (EtcdException e) {
            if (e.errorCode() == EtcdError.NODE_EXIST) {
                return ApiReplies.error(response, callback, 409, "unit " + name + " already exists");
            }
            throw e;
        }
        try {
            store.set(Keyspace.unitDesired(name), desired == null || desired.isEmpty() ? FleetUnit.INACTIVE : desired);
        } catch (ClientException e) {
            try {
                store.delete(Keyspace.unitFile(name), new DeleteOptions(null, file.node().modifiedIndex(), false, false));
            } catch (ClientException undo) {
                LOG.log(Level.WARNING, "fleet API: could not take back the file of " + name, undo);
            }
            throw e;
        }
        return ApiReplies.json(response, callback, 201, null, 0);
    }

    private static String optionsProblem(List<FleetUnitOption> options) {
        for (int i = 0; i < options.size(); i++) {
            FleetUnitOption o = options.get(i);
            if (o == null) return "options[" + i + "]: null option";
            if (o.section() == null || o.section().isEmpty()) return "options[" + i + "]: section is required";
            if (o.name() == null || o.name().isEmpty()) return "options[" + i + "]: name is required";
        }
        return null;
    }

    /** The model's errors as one message ({@code name:line:col: error: ...}), or null when the file is valid. */
    static String validate(String name, String text) {
        UnitChecker.Result r = UnitChecker.check(name, name, text.getBytes(StandardCharsets.UTF_8));
        List<String> errors = r.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::format).toList();
        return errors.isEmpty() ? null : "invalid unit file: " + String.join("; ", errors);
    }

    /** fleet's unit.MatchUnitFiles: the same options in the same order (comments and layout do not count). */
    private static boolean sameUnit(String a, String b) {
        return Objects.equals(FleetHash.parse(a).options(), FleetHash.parse(b).options());
    }

    // ------------------------------------------------------------------ state and machines

    private boolean listStates(Request request, Response response, Callback callback) throws ClientException {
        Fields q = query(request);
        PageToken tok;
        try {
            tok = PageToken.parse(q.getValues("nextPageToken"), pageSize);
        } catch (IllegalArgumentException e) {
            return ApiReplies.error(response, callback, 400, e.getMessage());
        }
        ClusterSnapshot s = ClusterSnapshot.read(store);
        List<FleetUnitState> all = FleetViews.states(s, firstValue(q, "machineID"), firstValue(q, "unitName"));
        PageToken.Page<FleetUnitState> page = tok.slice(all);
        return ApiReplies.json(response, callback, 200, new FleetUnitStatePage(page.nextPageToken(), page.items()),
                s.index);
    }

    private boolean getState(String unit, Response response, Callback callback) throws ClientException {
        ClusterSnapshot s = ClusterSnapshot.read(store);
        List<FleetUnitState> states = FleetViews.states(s, null, unit);
        if (states.isEmpty()) return ApiReplies.error(response, callback, 404, "unit state does not exist");
        return ApiReplies.json(response, callback, 200, states.get(0), s.index);
    }

    private boolean listMachines(Request request, Response response, Callback callback) throws ClientException {
        PageToken tok;
        try {
            tok = PageToken.parse(query(request).getValues("nextPageToken"), pageSize);
        } catch (IllegalArgumentException e) {
            return ApiReplies.error(response, callback, 400, e.getMessage());
        }
        ClusterSnapshot s = ClusterSnapshot.read(store);
        List<FleetMachine> all = s.machines.keySet().stream().map(id -> FleetViews.machine(s, id)).toList();
        PageToken.Page<FleetMachine> page = tok.slice(all);
        return ApiReplies.json(response, callback, 200, new FleetMachinePage(page.items(), page.nextPageToken()),
                s.index);
    }

    private record MetadataOp(String op, String machine, String key, String value) {}

    /**
     * fleet's metadata patch: {@code [{"op":"add|replace|remove","path":"/<machine>/metadata/<key>",
     * "value":{"value":"v"}}]} (a plain string value is accepted too). All operations are checked before any is
     * applied, so a bad one changes nothing.
     */
    private boolean patchMachines(Request request, Response response, Callback callback) throws ClientException {
        List<MetadataOp> ops = new ArrayList<>();
        try {
            JsonNode body = ApiJson.mapper().readTree(Content.Source.asString(request, StandardCharsets.UTF_8));
            if (body == null || !body.isArray()) {
                return ApiReplies.error(response, callback, 400, "expected a JSON array of operations");
            }
            for (JsonNode n : body) {
                String op = n.path("op").asText("");
                String path = n.path("path").asText("");
                JsonNode v = n.path("value");
                String value = v.isObject() ? v.path("value").asText("") : v.isTextual() ? v.asText() : "";
                if (!op.equals("add") && !op.equals("remove") && !op.equals("replace")) {
                    return ApiReplies.error(response, callback, 400, "invalid op: expect add, remove, or replace");
                }
                Matcher m = METADATA_PATH.matcher(path);
                if (!m.matches()) return ApiReplies.error(response, callback, 400, "machine metadata path invalid");
                if (!op.equals("remove") && value.isEmpty()) {
                    return ApiReplies.error(response, callback, 400, "invalid value: add and replace require a value");
                }
                ops.add(new MetadataOp(op, m.group(1), m.group(2), op.equals("remove") ? "" : value));
            }
        } catch (Exception e) {
            return ApiReplies.error(response, callback, 400, oneLine(e.getMessage()));
        }
        for (MetadataOp op : ops) {
            store.set(Keyspace.metadata(op.machine(), op.key()), op.value());
        }
        for (String machine : ops.stream().map(MetadataOp::machine).distinct().toList()) {
            refreshMachineRecord(machine);
        }
        return ApiReplies.json(response, callback, 204, null, 0);
    }

    /**
     * Applies the overrides to the live machine record at once (keeping its TTL), so the engine sees the new metadata
     * before the machine's next heartbeat merges it in. A record that changed meanwhile is left to that heartbeat.
     */
    private void refreshMachineRecord(String machineId) throws ClientException {
        KeysResult r = getOrNull(Keyspace.machine(machineId));
        if (r == null) return;
        Records.Machine m = Records.read(r.node().value(), Records.Machine.class);
        if (m == null) return;
        Map<String, String> merged = MetadataOverrides.merge(m.metadata(), MetadataOverrides.read(store, machineId));
        if (merged.equals(m.metadata())) return;
        Records.Machine updated = new Records.Machine(m.id(), m.primaryIP(), m.hostname(), merged, m.clientURL(),
                m.version(), m.docker(), m.sshAuthorizedKeys(), m.users());
        SetOptions o = SetOptions.DEFAULT.withPrevIndex(r.node().modifiedIndex());
        if (r.node().ttl() > 0) o = o.withTtl(r.node().ttl());
        try {
            store.set(Keyspace.machine(machineId), Records.write(updated), o);
        } catch (EtcdException e) {
            if (e.errorCode() != EtcdError.TEST_FAILED && e.errorCode() != EtcdError.KEY_NOT_FOUND) throw e;
        }
    }

    // ------------------------------------------------------------------ helpers

    private KeysResult getOrNull(String key) throws ClientException {
        try {
            return store.get(key);
        } catch (EtcdException e) {
            if (e.errorCode() == EtcdError.KEY_NOT_FOUND) return null;
            throw e;
        }
    }

    static Fields query(Request request) {
        return Request.extractQueryParameters(request, StandardCharsets.UTF_8);
    }

    private static String firstValue(Fields q, String name) {
        List<String> v = q.getValues(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    static String oneLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
