package dev.flotilla.node.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.core.api.ApiJson;
import dev.flotilla.core.api.EtcdError;
import dev.flotilla.core.api.Explanation;
import dev.flotilla.core.api.MachineInfo;
import dev.flotilla.core.api.PinResult;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.DeleteOptions;
import dev.flotilla.core.client.EtcdException;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.core.client.KeysResult;
import dev.flotilla.node.cluster.Keyspace;
import dev.flotilla.node.cluster.Records;
import dev.flotilla.node.engine.MachineView;
import dev.flotilla.node.engine.Placer;
import dev.flotilla.node.engine.UnitRecord;
import dev.flotilla.node.engine.UnitRulesResolver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;

/**
 * Flotilla's own API beside fleet's, under {@code /flotilla/v1/}:
 * <ul>
 * <li>{@code GET machines}: full machine records with unit counts and the engine-leader flag;</li>
 * <li>{@code GET units/{name}/explain}: the engine's {@link Placer} asked, on a fresh read of the cluster, where
 * the unit would go and why every other machine is excluded; {@code POST} with a unit file as the body asks the
 * same of a file not submitted yet (or a new version of a submitted one), writing nothing;</li>
 * <li>{@code PUT units/{name}/pin} {@code {"machineID":..}} / {@code DELETE}: pin a unit to a machine. Refused at
 * once (409, the rule that forbids it) when the unit's rules exclude the machine; otherwise the pin is written and
 * the reply waits for the engine to move the unit there (200), or for its refusal (409; the engine decides on its own
 * model, which may be newer), or gives up after {@code ?timeout=} seconds (202, the pin stays);</li>
 * <li>{@code POST units/{name}/restart?machine=<id>}: restarts the unit on that one machine (a token in its
 * schedule entry, which only that machine's agent acts on) and waits until the machine reports it active again
 * with a new start time (200), or gives up after {@code ?timeout=} seconds (202); the rolling restart of
 * {@code flotilla restart} calls it machine by machine;</li>
 * <li>{@code GET events}: {@link EventStream server-sent events} of every change under {@code /_flotilla}.</li>
 * </ul>
 * Errors use fleet's error JSON. {@code /flotilla/v1/journal/} is declined, for the journal handler.
 */
public final class FlotillaApiHandler extends Handler.Abstract {
    private static final Logger LOG = Logger.getLogger(FlotillaApiHandler.class.getName());
    public static final String PREFIX = "/flotilla/v1";
    static final Duration DEFAULT_PIN_WAIT = Duration.ofSeconds(15);

    private final KeysClient store;
    private final UnitRulesResolver resolver;
    private final EventStream events;
    private final ExecutorService waiters = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "flotilla-api-wait");
        t.setDaemon(true);
        return t;
    });

    public FlotillaApiHandler(KeysClient store, UnitRulesResolver resolver) {
        this(store, resolver, Duration.ofSeconds(10));
    }

    /** @param heartbeat how often an idle event stream sends a comment line (keeps proxies open, notices leavers) */
    public FlotillaApiHandler(KeysClient store, UnitRulesResolver resolver, Duration heartbeat) {
        this.store = store;
        this.resolver = resolver;
        this.events = new EventStream(store, heartbeat);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (path == null || !path.startsWith(PREFIX + "/") || path.startsWith(PREFIX + "/journal/")) return false;
        String rest = path.substring(PREFIX.length());
        String method = request.getMethod();
        try {
            if (rest.equals("/machines")) {
                return "GET".equals(method) ? machines(response, callback)
                        : ApiReplies.error(response, callback, 405, "only GET supported against this resource");
            }
            if (rest.equals("/events")) {
                if (!"GET".equals(method)) {
                    return ApiReplies.error(response, callback, 405, "only GET supported against this resource");
                }
                return events.serve(request, response, callback);
            }
            String[] parts = rest.split("/");
            // "", "units", name, verb
            if (parts.length == 4 && parts[1].equals("units") && !parts[2].isEmpty()) {
                String unit = URIUtil.decodePath(parts[2]);
                switch (parts[3]) {
                    case "explain" -> {
                        return switch (method) {
                            case "GET" -> explain(unit, response, callback);
                            case "POST" -> explainFile(unit, request, response, callback);
                            default -> ApiReplies.error(response, callback, 405,
                                    "only GET and POST supported against this resource");
                        };
                    }
                    case "pin" -> {
                        return switch (method) {
                            case "PUT" -> pin(unit, request, response, callback);
                            case "DELETE" -> unpin(unit, response, callback);
                            case "GET" -> getPin(unit, response, callback);
                            default -> ApiReplies.error(response, callback, 405,
                                    "only GET, PUT and DELETE supported against this resource");
                        };
                    }
                    case "restart" -> {
                        return "POST".equals(method) ? restart(unit, request, response, callback)
                                : ApiReplies.error(response, callback, 405,
                                        "only POST supported against this resource");
                    }
                    default -> { }
                }
            }
            return ApiReplies.error(response, callback, 404, "no such resource: " + path);
        } catch (ClientException e) {
            LOG.log(Level.FINE, "flotilla API: store unavailable", e);
            return ApiReplies.error(response, callback, 503, "the store is unavailable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApiReplies.error(response, callback, 503, "interrupted");
        }
    }

    // ------------------------------------------------------------------ machines

    private boolean machines(Response response, Callback callback) throws ClientException {
        ClusterSnapshot s = ClusterSnapshot.read(store);
        Map<String, Integer> counts = s.unitCounts();
        List<MachineInfo> out = new ArrayList<>();
        for (Map.Entry<String, Records.Machine> e : s.machines.entrySet()) {
            String id = e.getKey();
            Records.Machine m = e.getValue();
            out.add(new MachineInfo(id, m.primaryIP(), m.hostname(), s.metadata(id), m.clientURL(), m.version(),
                    m.docker(), counts.getOrDefault(id, 0), id.equals(s.engineLeader)));
        }
        return ApiReplies.json(response, callback, 200, new MachineInfo.Listing(out), s.index);
    }

    // ------------------------------------------------------------------ explain

    private boolean explain(String unit, Response response, Callback callback) throws ClientException {
        ClusterSnapshot s = ClusterSnapshot.read(store);
        if (!s.units.containsKey(unit)) return ApiReplies.error(response, callback, 404, "unit does not exist");
        ClusterModels cm = new ClusterModels(s, resolver);
        UnitRecord u = cm.unit(unit);
        Placer.Explanation e = cm.placer.explain(u);
        List<Explanation.Verdict> verdicts = e.machines().stream()
                .map(v -> new Explanation.Verdict(v.machineId(), v.eligible(), v.reason(), v.load())).toList();
        return ApiReplies.json(response, callback, 200, new Explanation(unit, u.rules().global(),
                s.placedOn(unit), e.chosenMachine(), e.unplacedReason(), verdicts), s.index);
    }

    /**
     * Explains a unit file that is not (or not in this version) submitted: the body is the file's text. The unit
     * takes the place of a submitted one of the same name (its pin kept, its placement freed), as a replace would;
     * nothing is written. An invalid file is refused with the model's line/column errors.
     */
    private boolean explainFile(String unit, Request request, Response response, Callback callback)
            throws ClientException {
        String text;
        try {
            text = Content.Source.asString(request, StandardCharsets.UTF_8);
        } catch (Exception e) {
            return ApiReplies.error(response, callback, 400, "unable to read body: "
                    + FleetApiHandler.oneLine(e.getMessage()));
        }
        if (text == null || text.isBlank()) {
            return ApiReplies.error(response, callback, 400, "the body must be the unit file to explain");
        }
        String invalid = FleetApiHandler.validate(unit, text);
        if (invalid != null) return ApiReplies.error(response, callback, 400, invalid);
        ClusterSnapshot s = ClusterSnapshot.read(store);
        ClusterModels cm = new ClusterModels(s, resolver);
        UnitRecord u = new UnitRecord(unit, resolver.rules(unit, text));
        ClusterSnapshot.Unit submitted = s.units.get(unit);
        if (submitted != null && submitted.pin() != null) u.pin(submitted.pin());
        cm.model.putUnit(u);
        Placer.Explanation e = cm.placer.explain(u);
        List<Explanation.Verdict> verdicts = e.machines().stream()
                .map(v -> new Explanation.Verdict(v.machineId(), v.eligible(), v.reason(), v.load())).toList();
        return ApiReplies.json(response, callback, 200, new Explanation(unit, u.rules().global(),
                s.placedOn(unit), e.chosenMachine(), e.unplacedReason(), verdicts), s.index);
    }

    // ------------------------------------------------------------------ restart on one machine

    static final Duration DEFAULT_RESTART_WAIT = Duration.ofSeconds(30);

    private boolean restart(String unit, Request request, Response response, Callback callback)
            throws ClientException, InterruptedException {
        var q = FleetApiHandler.query(request);
        String machine = q.getValue("machine");
        if (machine == null || machine.isEmpty()) {
            return ApiReplies.error(response, callback, 400, "the machine to restart on is required: ?machine=<id>");
        }
        Duration wait = DEFAULT_RESTART_WAIT;
        String t = q.getValue("timeout");
        if (t != null) {
            try {
                wait = Duration.ofMillis((long) (Double.parseDouble(t) * 1000));
            } catch (NumberFormatException e) {
                return ApiReplies.error(response, callback, 400, "timeout must be seconds, got " + t);
            }
        }
        String key = Keyspace.schedule(machine, unit);
        Long since0 = null;
        Records.UnitState st0 = state(unit, machine);
        if (st0 != null) since0 = st0.since();
        String token = java.util.UUID.randomUUID().toString();
        // compare-and-swap on the entry, so an engine decision written meanwhile is not overwritten
        for (int attempt = 0; ; attempt++) {
            KeysResult r;
            try {
                r = store.get(key);
            } catch (EtcdException e) {
                if (e.errorCode() == EtcdError.KEY_NOT_FOUND) {
                    return ApiReplies.error(response, callback, 404, "unit " + unit + " is not scheduled on machine "
                            + machine);
                }
                throw e;
            }
            Records.ScheduleEntry e = Records.read(r.node().value(), Records.ScheduleEntry.class);
            if (e == null || !"launched".equals(e.desired())) {
                return ApiReplies.error(response, callback, 409, "unit " + unit + " is not launched on machine "
                        + machine);
            }
            try {
                store.set(key, Records.write(e.withRestart(token)),
                        dev.flotilla.core.client.SetOptions.DEFAULT.withPrevIndex(r.node().modifiedIndex()));
                break;
            } catch (EtcdException ex) {
                if (ex.errorCode() != EtcdError.TEST_FAILED || attempt >= 5) throw ex;
            }
        }
        long end = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < end) {
            Records.UnitState st = state(unit, machine);
            if (st != null && st.since() != null && !st.since().equals(since0)) {
                if ("active".equals(st.active())) {
                    return ApiReplies.json(response, callback, 200, Map.of("unit", unit, "machineID", machine,
                            "restarted", true, "since", st.since()), 0);
                }
                if ("failed".equals(st.active())) {
                    return ApiReplies.error(response, callback, 409, "unit " + unit + " failed to start again on "
                            + machine + (st.result() == null ? "" : " (result " + st.result() + ")"));
                }
            }
            Thread.sleep(100);
        }
        return ApiReplies.json(response, callback, 202, Map.of("unit", unit, "machineID", machine,
                "restarted", false, "message", "restart requested; " + unit + " is not active again on " + machine
                        + " within " + wait.toMillis() / 1000.0 + " s"), 0);
    }

    private Records.UnitState state(String unit, String machine) throws ClientException {
        try {
            return Records.read(store.get(Keyspace.state(unit, machine)).node().value(), Records.UnitState.class);
        } catch (EtcdException e) {
            if (e.errorCode() == EtcdError.KEY_NOT_FOUND) return null;
            throw e;
        }
    }

    // ------------------------------------------------------------------ pin

    private boolean getPin(String unit, Response response, Callback callback) throws ClientException {
        ClusterSnapshot s = ClusterSnapshot.read(store);
        ClusterSnapshot.Unit u = s.units.get(unit);
        if (u == null) return ApiReplies.error(response, callback, 404, "unit does not exist");
        if (u.pin() == null) return ApiReplies.error(response, callback, 404, "unit " + unit + " is not pinned");
        List<String> on = s.placedOn(unit);
        return ApiReplies.json(response, callback, 200, new PinResult(unit, u.pin(), on.contains(u.pin()), null),
                s.index);
    }

    private boolean unpin(String unit, Response response, Callback callback) throws ClientException {
        try {
            store.delete(Keyspace.unitPin(unit), DeleteOptions.DEFAULT);
        } catch (EtcdException e) {
            if (e.errorCode() == EtcdError.KEY_NOT_FOUND) {
                return ApiReplies.error(response, callback, 404, "unit " + unit + " is not pinned");
            }
            throw e;
        }
        return ApiReplies.json(response, callback, 204, null, 0);
    }

    private boolean pin(String unit, Request request, Response response, Callback callback)
            throws ClientException, InterruptedException {
        String machine;
        Duration wait = DEFAULT_PIN_WAIT;
        try {
            JsonNode body = ApiJson.mapper().readTree(Content.Source.asString(request, StandardCharsets.UTF_8));
            machine = body == null ? "" : body.path("machineID").asText("");
            String t = FleetApiHandler.query(request).getValue("timeout");
            if (t != null) wait = Duration.ofMillis((long) (Double.parseDouble(t) * 1000));
        } catch (Exception e) {
            return ApiReplies.error(response, callback, 400, "unable to decode body: "
                    + FleetApiHandler.oneLine(e.getMessage()));
        }
        if (machine.isEmpty()) {
            return ApiReplies.error(response, callback, 400, "machineID is required: {\"machineID\":\"<id>\"}");
        }
        ClusterSnapshot s = ClusterSnapshot.read(store);
        ClusterSnapshot.Unit su = s.units.get(unit);
        if (su == null) return ApiReplies.error(response, callback, 404, "unit does not exist");
        if (!s.machines.containsKey(machine)) {
            return ApiReplies.error(response, callback, 404, "no such machine: " + machine);
        }
        ClusterModels cm = new ClusterModels(s, resolver);
        UnitRecord u = cm.unit(unit);
        if (u.rules().global()) {
            return ApiReplies.error(response, callback, 400, "cannot pin " + unit
                    + ": a Global unit runs on every eligible machine");
        }
        u.pin(machine);
        MachineView target = cm.model.machine(machine);
        String why = cm.placer.whyNot(u, target);
        if (why != null) {
            return ApiReplies.error(response, callback, 409, "cannot place " + unit + " on " + machine + ": " + why);
        }
        KeysResult written = store.set(Keyspace.unitPin(unit), machine);
        long pinIndex = written.node().modifiedIndex();
        if ("inactive".equals(su.desired())) {
            return ApiReplies.json(response, callback, 202, new PinResult(unit, machine, false,
                    "pinned; " + unit + " goes to " + machine + " when it is loaded or started"), pinIndex);
        }
        if (s.placedOn(unit).equals(List.of(machine))) {
            return ApiReplies.json(response, callback, 200, new PinResult(unit, machine, true,
                    unit + " already runs on " + machine), pinIndex);
        }
        String refusal = awaitEngine(unit, machine, pinIndex, wait);
        if (refusal == null) {
            return ApiReplies.json(response, callback, 200, new PinResult(unit, machine, true,
                    "moved " + unit + " to " + machine), 0);
        }
        if (refusal.isEmpty()) {
            return ApiReplies.json(response, callback, 202, new PinResult(unit, machine, false,
                    "pinned; the engine has not moved " + unit + " within " + wait.toMillis() / 1000.0 + " s"), 0);
        }
        return ApiReplies.error(response, callback, 409, refusal);
    }

    /**
     * Waits for the engine's answer to the pin written at {@code pinIndex}: null when the placement now names the
     * machine, the refusal text when the engine refused, "" on timeout. One watch per key, each from the pin's
     * index, so an answer written before the watches started is not missed.
     */
    private String awaitEngine(String unit, String machine, long pinIndex, Duration wait) throws InterruptedException {
        CompletableFuture<String> answer = new CompletableFuture<>();
        List<Future<?>> watches = List.of(
                waiters.submit(() -> follow(Keyspace.placement(unit), pinIndex, answer, r -> {
                    Records.Placement p = Records.read(r.node().value(), Records.Placement.class);
                    return p != null && List.of(machine).equals(p.machines()) ? "" : null;
                }, true)),
                waiters.submit(() -> follow(Keyspace.unitPinRefused(unit), pinIndex, answer, r -> {
                    Records.PinRefusal p = Records.read(r.node().value(), Records.PinRefusal.class);
                    return p != null && p.pinIndex() == pinIndex ? p.reason() : null;
                }, false)));
        try {
            String a = answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return a.isEmpty() ? null : a;
        } catch (TimeoutException e) {
            return "";
        } catch (java.util.concurrent.ExecutionException e) {
            return "";
        } finally {
            watches.forEach(f -> f.cancel(true));
        }
    }

    private interface Verdict {
        /** Non-null completes the wait: "" for placed, else the refusal. */
        String of(KeysResult event);
    }

    private void follow(String key, long pinIndex, CompletableFuture<String> answer, Verdict verdict, boolean placed) {
        long next = pinIndex + 1;
        while (!answer.isDone() && !Thread.currentThread().isInterrupted()) {
            try {
                KeysResult r = store.waitFor(key, false, next);
                next = r.node().modifiedIndex() + 1;
                if (r.node().value() == null) continue;
                String v = verdict.of(r);
                if (v != null) answer.complete(placed ? "" : v.isEmpty() ? "refused" : v);
            } catch (ClientException e) {
                if (Thread.currentThread().isInterrupted()) return;
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @Override
    protected void doStop() throws Exception {
        events.close();
        waiters.shutdownNow();
        super.doStop();
    }
}
