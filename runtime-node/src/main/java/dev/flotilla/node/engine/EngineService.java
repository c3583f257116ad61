package dev.flotilla.node.engine;

import dev.flotilla.core.api.EtcdError;
import dev.flotilla.core.api.KeyNode;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.DeleteOptions;
import dev.flotilla.core.client.EtcdException;
import dev.flotilla.core.client.GetOptions;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.core.client.KeysResult;
import dev.flotilla.core.client.SetOptions;
import dev.flotilla.node.cluster.Keyspace;
import dev.flotilla.node.cluster.Records;
import dev.flotilla.node.engine.Reconciler.Desired;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine as a service of a node: competes for the engine lease in the store; while it holds it, loads the
 * cluster once, then follows the units and machines directories by watch and writes schedule decisions.
 *
 * <p>Exactly one engine decides at a time: the lease is a key created with {@code prevExist=false} and a TTL, kept
 * by compare-and-swap refreshes. A new leader adopts the schedule it finds, so a leader change moves nothing.
 */
public final class EngineService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EngineService.class);

    private final KeysClient store;
    private final String machineId;
    private final UnitRulesResolver resolver;
    private final Duration leaseTtl;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean leader = new AtomicBoolean(false);
    /** An expiry applied this much after its time means the store was down, not (only) the machine. */
    static final Duration LATE_EXPIRY = Duration.ofSeconds(3);
    /** Machines whose late expiry is held back → when to give up on them (engine thread only). */
    private final Map<String, Long> comingBack = new HashMap<>();
    private final ExecutorService writers = Executors.newFixedThreadPool(64, daemon("flotilla-engine-write"));
    private final List<Thread> threads = new ArrayList<>();
    private volatile Consumer<String> leadershipListener = s -> {};
    private volatile long decisions;
    private volatile long storeWrites;

    public EngineService(KeysClient store, String machineId, UnitRulesResolver resolver, Duration leaseTtl) {
        this.store = store;
        this.machineId = machineId;
        this.resolver = resolver;
        this.leaseTtl = leaseTtl;
    }

    public void start() {
        Thread t = daemon("flotilla-engine").newThread(this::run);
        threads.add(t);
        t.start();
    }

    public boolean isLeader() { return leader.get(); }

    public long decisions() { return decisions; }

    public long storeWrites() { return storeWrites; }

    /** Called with "leader" / "follower" when this engine gains or loses the lease. */
    public void onLeadership(Consumer<String> listener) { this.leadershipListener = listener; }

    private void run() {
        while (running.get()) {
            try {
                if (acquireLease()) {
                    leader.set(true);
                    leadershipListener.accept("leader");
                    LOG.info("engine: this machine (" + machineId + ") now leads the engine");
                    try {
                        lead();
                    } finally {
                        leader.set(false);
                        leadershipListener.accept("follower");
                    }
                } else {
                    awaitLeaseChange();
                }
            } catch (ClientException e) {
                if (running.get()) {
                    LOG.debug("engine: store unavailable, retrying", e);
                    sleep(500);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // a bug must not end the engine for the life of the node: log, back off, start over from the store
                LOG.error("engine: unexpected failure; reloading from the store", e);
                sleep(1000);
            }
        }
    }

    private boolean acquireLease() throws ClientException {
        try {
            store.create(Keyspace.ENGINE_LEADER, machineId, leaseTtl.toSeconds());
            return true;
        } catch (EtcdException e) {
            if (e.errorCode() != EtcdError.NODE_EXIST) throw e;
        }
        // our own lease survives a restart of this engine (same machine): take it back
        try {
            KeysResult r = store.get(Keyspace.ENGINE_LEADER);
            if (machineId.equals(r.node().value())) {
                store.set(Keyspace.ENGINE_LEADER, machineId, SetOptions.DEFAULT.withPrevValue(machineId)
                        .withTtl(leaseTtl.toSeconds()));
                return true;
            }
        } catch (EtcdException e) {
            if (e.errorCode() != EtcdError.KEY_NOT_FOUND && e.errorCode() != EtcdError.TEST_FAILED) throw e;
        }
        return false;
    }

    private void awaitLeaseChange() throws ClientException {
        try {
            KeysResult r = store.get(Keyspace.ENGINE_LEADER);
            // returns on the lease's expiry or deletion (refreshes do not notify watchers)
            store.waitFor(Keyspace.ENGINE_LEADER, false, r.etcdIndex() + 1);
        } catch (EtcdException e) {
            if (e.errorCode() != EtcdError.KEY_NOT_FOUND && e.errorCode() != 401) throw e;
        }
    }

    /** Runs as leader until the lease is lost or the service closes. */
    private void lead() throws ClientException, InterruptedException {
        Reconciler r = new Reconciler();
        comingBack.clear();
        long index = load(r);

        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        AtomicBoolean leading = new AtomicBoolean(true);
        List<Thread> watchers = List.of(
                watch(Keyspace.UNITS, index, events, leading),
                watch(Keyspace.MACHINES, index, events, leading));
        // the lease is kept by its own thread: a long round of writes (a new leader placing thousands of units)
        // must not let it lapse, or a second engine would take over and redo the work
        Thread keeper = daemon("flotilla-engine-lease").newThread(() -> {
            while (leading.get() && running.get()) {
                try {
                    Thread.sleep(Math.max(1, leaseTtl.toMillis() / 3));
                } catch (InterruptedException e) {
                    return;
                }
                if (leading.get() && !refreshLease()) {
                    events.add(new LeaseLost());
                    return;
                }
            }
        });
        keeper.start();
        try {
            // machines the schedule names but that have not registered (yet): after a restart of the whole cluster
            // they are coming back, not dead. Give them one TTL to register before moving anything of theirs.
            Set<String> missing = r.scheduledMachinesNotRegistered();
            long graceEnd = System.nanoTime() + leaseTtl.toNanos();
            while (!missing.isEmpty() && System.nanoTime() < graceEnd && running.get()) {
                Object ev = events.poll(Math.max(1, graceEnd - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (ev instanceof LeaseLost) {
                    LOG.warn("engine: lost the engine lease; standing down");
                    return;
                }
                if (ev instanceof KeysResult k) handle(r, k);
                missing = r.scheduledMachinesNotRegistered();
            }
            apply(r.reconcile());
            while (running.get()) {
                Object first = events.poll(500, TimeUnit.MILLISECONDS);
                List<Object> batch = new ArrayList<>();
                if (first != null) {
                    batch.add(first);
                    events.drainTo(batch);
                }
                boolean lapsed = machinesThatDidNotComeBack(r);
                if (batch.isEmpty() && !lapsed) continue;
                for (Object ev : batch) {
                    if (ev instanceof LeaseLost) {
                        LOG.warn("engine: lost the engine lease; standing down");
                        return;
                    }
                    if (ev instanceof Resync) {
                        LOG.info("engine: watch history cleared; reloading the cluster from the store");
                        return; // the outer loop re-acquires (our own lease) and reloads
                    }
                    handle(r, (KeysResult) ev);
                }
                Reconciler.Writes writes = r.reconcile();
                LOG.debug("engine: writing {}", writes);
                apply(writes);
            }
        } finally {
            leading.set(false);
            keeper.interrupt();
            for (Thread w : watchers) w.interrupt();
        }
    }

    private record Resync() {}

    private record LeaseLost() {}

    private Thread watch(String dir, long afterIndex, BlockingQueue<Object> out, AtomicBoolean leading) {
        Thread t = daemon("flotilla-engine-watch").newThread(() -> {
            KeysClient.Watcher w = store.watcher(dir, true, afterIndex);
            while (leading.get() && running.get()) {
                try {
                    out.add(w.next());
                } catch (EtcdException e) {
                    if (e.errorCode() == 401) { out.add(new Resync()); return; }
                    sleep(200);
                } catch (ClientException e) {
                    sleep(200);
                }
            }
        });
        t.start();
        return t;
    }

    private boolean refreshLease() {
        try {
            store.set(Keyspace.ENGINE_LEADER, machineId, SetOptions.DEFAULT.withPrevValue(machineId)
                    .withTtl(leaseTtl.toSeconds()));
            return true;
        } catch (EtcdException e) {
            return false;
        } catch (ClientException e) {
            // the store may be electing a leader: keep trying until the lease would have lapsed
            return true;
        }
    }

    /**
     * Reads machines, units and the current schedule; returns the store index to watch from. The index is taken
     * before anything is read, so every change after it reaches the watches, even one made while the reads ran
     * (seeing a change twice is harmless: every handler is idempotent).
     */
    private long load(Reconciler r) throws ClientException {
        long index = currentIndex();
        KeysResult machines = getOrEmpty(Keyspace.MACHINES);
        if (machines != null) {
            for (KeyNode m : machines.node().children()) machineFromNode(r, m);
        }
        KeysResult units = getOrEmpty(Keyspace.UNITS);
        if (units != null) {
            for (KeyNode unitDir : units.node().children()) {
                String name = Keyspace.last(unitDir.key());
                String file = null, desired = null, pin = null;
                for (KeyNode f : unitDir.children()) {
                    switch (Keyspace.last(f.key())) {
                        case Keyspace.FILE -> file = f.value();
                        case Keyspace.DESIRED -> desired = f.value();
                        case Keyspace.PIN -> pin = f.value();
                        default -> { }
                    }
                }
                if (file == null) continue;
                r.unitSubmitted(name, resolver.rules(name, file), hash(file));
                r.desiredChanged(name, Desired.parse(desired));
                if (pin != null && !pin.isBlank()) r.pinChanged(name, pin);
            }
        }
        KeysResult schedule = getOrEmpty(Keyspace.SCHEDULE);
        if (schedule != null) {
            for (KeyNode machineDir : schedule.node().children()) {
                String m = Keyspace.last(machineDir.key());
                for (KeyNode entry : machineDir.children()) {
                    Records.ScheduleEntry e = Records.read(entry.value(), Records.ScheduleEntry.class);
                    r.adopt(Keyspace.last(entry.key()), m, Desired.parse(e == null ? null : e.desired()));
                }
            }
        }
        // states reported by machines that died while no engine was watching are stale
        KeysResult states = getOrEmpty(Keyspace.STATE);
        if (states != null) {
            for (KeyNode unitDir : states.node().children()) {
                for (KeyNode st : unitDir.children()) {
                    String m = Keyspace.last(st.key());
                    if (r.model().machine(m) == null) clearState(Keyspace.last(unitDir.key()), m);
                }
            }
        }
        return index;
    }

    /** The store's index now, by a linearizable read. */
    private long currentIndex() throws ClientException {
        try {
            return store.get(Keyspace.ROOT, new GetOptions(false, false, true)).etcdIndex();
        } catch (EtcdException e) {
            if (e.errorCode() == EtcdError.KEY_NOT_FOUND) return e.error().index();
            throw e;
        }
    }

    private KeysResult getOrEmpty(String dir) throws ClientException {
        try {
            return store.get(dir, new GetOptions(true, true, true));
        } catch (EtcdException e) {
            if (e.errorCode() == EtcdError.KEY_NOT_FOUND) return null;
            throw e;
        }
    }

    private void handle(Reconciler r, KeysResult ev) {
        LOG.debug("engine: {} {}", ev.action(), ev.node().key());
        String key = ev.node().key();
        boolean gone = switch (ev.action()) {
            case "delete", "expire", "compareAndDelete" -> true;
            default -> false;
        };
        String[] m = Keyspace.below(Keyspace.MACHINES, key);
        if (m.length == 1) {
            if (gone) {
                long late = "expire".equals(ev.action()) ? expiredLateBy(ev.prevNode()) : 0;
                if (late > LATE_EXPIRY.toNanos()) {
                    // the heartbeat lapsed while the store itself was down (the whole cluster restarting): the
                    // machine's agent is most likely restarting too and re-adopts its units. Give it time to
                    // register again before moving anything; a machine that died alone expires on time.
                    LOG.info("engine: machine {} expired {} s late (the store was down); waiting {} s for it to"
                            + " register again", m[0], late / 1_000_000_000L, comeBackWindow().toSeconds());
                    comingBack.put(m[0], System.nanoTime() + comeBackWindow().toNanos());
                } else {
                    machineGone(r, m[0]);
                }
            } else {
                comingBack.remove(m[0]);
                machineFromNode(r, ev.node());
            }
            return;
        }
        if (m.length == 0 && key.equals(Keyspace.MACHINES) && gone) {
            for (var mv : List.copyOf(r.model().machines())) r.machineDown(mv.id());
            return;
        }
        String[] u = Keyspace.below(Keyspace.UNITS, key);
        if (u.length == 1 && gone) {
            r.unitDestroyed(u[0]);
        } else if (u.length == 2) {
            String name = u[0];
            switch (u[1]) {
                case Keyspace.FILE -> {
                    if (gone) r.unitDestroyed(name);
                    else r.unitSubmitted(name, resolver.rules(name, ev.node().value()), hash(ev.node().value()));
                }
                case Keyspace.DESIRED -> r.desiredChanged(name, gone ? Desired.INACTIVE : Desired.parse(ev.node().value()));
                case Keyspace.PIN -> {
                    String why = r.pinChanged(name, gone ? null : ev.node().value());
                    if (why != null) refusePin(name, ev.node().value(), ev.node().modifiedIndex(), why);
                }
                default -> { }
            }
        } else if (u.length == 0 && key.equals(Keyspace.UNITS) && gone) {
            for (String name : r.unitNames()) r.unitDestroyed(name);
        }
    }

    /** What a dead machine reported is no longer true: its units are not running there any more. */
    private void machineGone(Reconciler r, String machine) {
        for (String unit : r.scheduledOn(machine)) clearState(unit, machine);
        r.machineDown(machine);
    }

    /** Machines whose late expiry was held back and that did not register again in time are gone now. */
    private boolean machinesThatDidNotComeBack(Reconciler r) {
        boolean any = false;
        long now = System.nanoTime();
        for (var it = comingBack.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (now - e.getValue() >= 0) {
                it.remove();
                LOG.info("engine: machine {} did not register again; moving its units", e.getKey());
                machineGone(r, e.getKey());
                any = true;
            }
        }
        return any;
    }

    private Duration comeBackWindow() {
        return leaseTtl.multipliedBy(2);
    }

    /** How long after its expiration time a key's expiry was applied (nanoseconds; 0 when unknown). */
    static long expiredLateBy(KeyNode prev) {
        if (prev == null || prev.expiration() == null) return 0;
        try {
            java.time.Instant at = java.time.OffsetDateTime.parse(prev.expiration()).toInstant();
            return Math.max(0, Duration.between(at, java.time.Instant.now()).toNanos());
        } catch (java.time.format.DateTimeParseException e) {
            return 0;
        }
    }

    private void machineFromNode(Reconciler r, KeyNode node) {
        Records.Machine rec = Records.read(node.value(), Records.Machine.class);
        String id = Keyspace.last(node.key());
        r.machineUp(new MachineView(id, rec == null ? java.util.Map.of() : rec.metadata()));
    }

    private void clearState(String unit, String machineId) {
        writers.submit(() -> retry(() -> deleteIfPresent(Keyspace.state(unit, machineId))));
    }

    /**
     * A refused pin is taken back and the reason published beside it, tagged with the index of the pin write, where
     * the API request that wrote the pin waits for it ({@link Keyspace#unitPinRefused}).
     */
    private void refusePin(String unit, String machine, long pinIndex, String why) {
        writers.submit(() -> {
            try {
                store.set(Keyspace.unitPinRefused(unit), Records.write(new Records.PinRefusal(machine,
                        "cannot place " + unit + " on " + machine + ": " + why, pinIndex)),
                        SetOptions.DEFAULT.withTtl(60));
                store.delete(Keyspace.unitPin(unit), new DeleteOptions(machine, 0, false, false));
            } catch (ClientException e) {
                LOG.debug("engine: could not publish a refused pin", e);
            }
        });
    }

    /** Writes a round of decisions, many requests in flight at once (the store groups them into few log entries). */
    private void apply(Reconciler.Writes w) throws InterruptedException {
        if (w.isEmpty()) return;
        decisions += w.schedule().size();
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        for (Reconciler.ScheduleWrite s : w.schedule()) {
            inFlight.add(CompletableFuture.runAsync(() -> retry(() -> {
                String key = Keyspace.schedule(s.machineId(), s.unit());
                if (s.desired() == null) deleteIfPresent(key);
                else store.set(key, Records.write(new Records.ScheduleEntry(s.desired().wire(), s.hash(), null)));
            }), writers));
        }
        for (Reconciler.PlacementWrite p : w.placements()) {
            inFlight.add(CompletableFuture.runAsync(() -> retry(() -> {
                String key = Keyspace.placement(p.unit());
                if (p.machines() == null) deleteIfPresent(key);
                else store.set(key, Records.write(new Records.Placement(p.machines(), p.reason())));
            }), writers));
        }
        storeWrites += inFlight.size();
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
    }

    private interface StoreCall { void run() throws ClientException; }

    private void retry(StoreCall call) {
        for (int attempt = 0; running.get(); attempt++) {
            try {
                call.run();
                return;
            } catch (ClientException e) {
                LOG.debug("engine: store write failed, retrying", e);
                if (attempt % 20 == 19) LOG.warn("engine: a schedule write keeps failing: " + e.getMessage());
                sleep(Math.min(1000, 50L * (attempt + 1)));
            }
        }
    }

    private void deleteIfPresent(String key) throws ClientException {
        try {
            store.delete(key, DeleteOptions.DEFAULT);
        } catch (EtcdException e) {
            if (e.errorCode() != EtcdError.KEY_NOT_FOUND) throw e;
        }
    }


    /** fleet's unit hash: SHA-1 of the unit file's contents, in hex. */
    public static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        running.set(false);
        for (Thread t : threads) t.interrupt();
        writers.shutdownNow();
        if (leader.get()) {
            try { // hand over at once instead of making the next engine wait for the TTL
                store.delete(Keyspace.ENGINE_LEADER, new DeleteOptions(machineId, 0, false, false));
            } catch (ClientException e) {
                LOG.debug("engine: lease not released; it expires by itself", e);
            }
        }
    }
}
