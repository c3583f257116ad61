package dev.flotilla.node.agent;

import dev.flotilla.core.api.EtcdError;
import dev.flotilla.core.api.KeyNode;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.DeleteOptions;
import dev.flotilla.core.client.EtcdException;
import dev.flotilla.core.client.GetOptions;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.core.client.KeysResult;
import dev.flotilla.core.unit.MachineContext;
import dev.flotilla.node.cluster.Keyspace;
import dev.flotilla.node.cluster.Records;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent as a service of a node: follows only this machine's schedule ({@code /_flotilla/schedule/<id>/}),
 * makes the local {@link UnitAgent} match it, and reports every unit's state to {@code /_flotilla/state/}.
 *
 * <p>On start it reads its schedule once and stops whatever runs here that is no longer scheduled here (a machine
 * that was declared dead comes back to find its units moved: nothing runs twice). After that it only watches.
 */
public final class AgentService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentService.class);

    private final KeysClient store;
    private final String machineId;
    private final MachineContext machine;
    private final Path root;
    private final UnitAgent agent;
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** What this agent has applied: unit → {desired, hash}. Only the agent thread touches it. */
    private final Map<String, Records.ScheduleEntry> applied = new HashMap<>();
    /** Units being stopped and forgotten; a unit scheduled here again waits for that to finish first. */
    private final Map<String, java.util.concurrent.CompletableFuture<Void>> unloading = new HashMap<>();
    private final ExecutorService reporter = Executors.newSingleThreadExecutor(r -> daemon(r, "flotilla-agent-report"));
    private Thread thread;

    public AgentService(KeysClient store, String machineId, MachineContext machine, UnitAgent agent) {
        this(store, machineId, machine, agent, null);
    }

    /** @param root the node's root ({@code --root}): units' paths stay inside it; null for the host's / */
    public AgentService(KeysClient store, String machineId, MachineContext machine, UnitAgent agent, Path root) {
        this.root = root;
        this.store = store;
        this.machineId = machineId;
        this.machine = machine;
        this.agent = agent;
        agent.addListener((before, after) -> report(after));
    }

    public UnitAgent agent() { return agent; }

    public void start() {
        thread = daemon(this::run, "flotilla-agent");
        thread.start();
    }

    private void run() {
        while (running.get()) {
            try {
                long index = syncAll();
                KeysClient.Watcher w = store.watcher(Keyspace.scheduleDir(machineId), true, index);
                while (running.get()) {
                    KeysResult ev = w.next();
                    String[] path = Keyspace.below(Keyspace.scheduleDir(machineId), ev.node().key());
                    if (path.length == 1) {
                        boolean gone = ev.action().equals("delete") || ev.action().equals("expire")
                                || ev.action().equals("compareAndDelete");
                        apply(path[0], gone ? null : Records.read(ev.node().value(), Records.ScheduleEntry.class));
                    } else if (path.length == 0) {
                        break; // the whole schedule directory changed: read it again
                    }
                }
            } catch (EtcdException e) {
                if (e.errorCode() != 401) LOG.debug("agent: store refused a request", e);
                // 401: the watch fell out of the history window: read everything again
            } catch (ClientException e) {
                if (running.get()) sleep(500);
            } catch (RuntimeException e) {
                LOG.error("agent: unexpected failure; resynchronising with the store", e);
                sleep(1000);
            }
        }
    }

    /** Reads the whole schedule for this machine, applies it, and returns the index to watch from. */
    private long syncAll() throws ClientException {
        Map<String, Records.ScheduleEntry> want = new HashMap<>();
        long index;
        try {
            KeysResult r = store.get(Keyspace.scheduleDir(machineId), new GetOptions(true, false, true));
            index = r.etcdIndex();
            for (KeyNode n : r.node().children()) {
                want.put(Keyspace.last(n.key()), Records.read(n.value(), Records.ScheduleEntry.class));
            }
        } catch (EtcdException e) {
            if (e.errorCode() != EtcdError.KEY_NOT_FOUND) throw e;
            index = e.error().index();
        }
        Set<String> local = new HashSet<>(applied.keySet());
        agent.statuses().forEach(s -> local.add(s.name()));
        for (String unit : local) {
            if (!want.containsKey(unit)) apply(unit, null);
        }
        for (Map.Entry<String, Records.ScheduleEntry> e : want.entrySet()) apply(e.getKey(), e.getValue());
        return index;
    }

    /** Makes one unit match its schedule entry (null: not scheduled here). Failures go to the unit's state. */
    private void apply(String unit, Records.ScheduleEntry entry) {
        Records.ScheduleEntry before = applied.get(unit);
        try {
            if (entry == null) {
                if (before != null || agent.status(unit).load() != LoadState.NOT_FOUND) {
                    LOG.info("agent: " + unit + " is no longer scheduled here; stopping it");
                    java.util.concurrent.CompletableFuture<Void> done = agent.unload(unit);
                    unloading.put(unit, done);
                    done.whenComplete((v, t) -> deleteState(unit));
                }
                applied.remove(unit);
                return;
            }
            awaitUnloaded(unit);
            boolean newFile = before == null || !java.util.Objects.equals(before.hash(), entry.hash())
                    || agent.status(unit).load() == LoadState.NOT_FOUND;
            if (newFile) {
                String text = store.get(Keyspace.unitFile(unit)).node().value();
                ServiceSpec spec;
                try {
                    spec = UnitSpecs.toSpec(unit, text, machine, root);
                } catch (UnitSpecs.UnitSpecException e) {
                    reportFailure(unit, entry.hash(), e.getMessage());
                    applied.put(unit, entry);
                    return;
                }
                boolean wasRunning = before != null && "launched".equals(before.desired());
                agent.load(spec);
                if (wasRunning && before.hash() != null && !before.hash().equals(entry.hash())) {
                    agent.restart(unit); // a replaced unit file runs with its new contents
                }
            }
            // a new restart token (rolling restart) restarts the unit here; a token already seen, or one found
            // when the agent starts, does not
            boolean restartAsked = entry.restart() != null && before != null
                    && !entry.restart().equals(before.restart()) && !newFile;
            if ("launched".equals(entry.desired()) && restartAsked) {
                LOG.info("agent: restarting " + unit + " (rolling restart)");
                agent.restart(unit);
            } else if ("launched".equals(entry.desired())) {
                if (!agent.status(unit).active().label().equals("active")
                        && !agent.status(unit).active().label().equals("activating")) {
                    agent.start(unit);
                }
            } else if (before != null && "launched".equals(before.desired())) {
                agent.stop(unit);
            }
            applied.put(unit, entry);
            report(agent.status(unit));
        } catch (AgentException | ClientException e) {
            reportFailure(unit, entry == null ? null : entry.hash(), e.getMessage());
        }
    }

    /** A unit that is being unloaded must be gone before it is loaded again, or the unload would remove it. */
    private void awaitUnloaded(String unit) {
        java.util.concurrent.CompletableFuture<Void> pending = unloading.remove(unit);
        if (pending == null) return;
        try {
            pending.get(2, java.util.concurrent.TimeUnit.MINUTES);
        } catch (Exception e) {
            LOG.warn("agent: {} did not stop in time before being scheduled here again: {}", unit, e.toString());
        }
    }

    private void report(UnitStatus s) {
        Records.ScheduleEntry e = applied.get(s.name());
        String hash = e == null ? null : e.hash();
        Records.UnitState state = new Records.UnitState(s.name(), machineId, hash, s.load().label(),
                s.active().label(), s.sub().label(), s.result() == null ? null : s.result().label(),
                s.since() == null ? null : s.since().toEpochMilli());
        reporter.execute(() -> write(Keyspace.state(s.name(), machineId), Records.write(state)));
    }

    private void reportFailure(String unit, String hash, String why) {
        LOG.warn("agent: " + unit + ": " + why);
        agent.journals().journal(unit).append(dev.flotilla.node.journal.JournalStream.AGENT, "Failed to load " + unit + ": " + why);
        Records.UnitState state = new Records.UnitState(unit, machineId, hash, "error", "failed", "failed",
                "resources", System.currentTimeMillis());
        reporter.execute(() -> write(Keyspace.state(unit, machineId), Records.write(state)));
    }

    private void deleteState(String unit) {
        reporter.execute(() -> {
            try {
                store.delete(Keyspace.state(unit, machineId), DeleteOptions.DEFAULT);
            } catch (ClientException e) {
                LOG.debug("agent: state of " + unit + " not removed", e);
            }
        });
    }

    private void write(String key, String value) {
        for (int attempt = 0; attempt < 50 && running.get(); attempt++) {
            try {
                store.set(key, value);
                return;
            } catch (ClientException e) {
                sleep(100L * Math.min(10, attempt + 1));
            }
        }
    }


    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Stops following the schedule. Units keep running: a restarted agent re-adopts them. */
    @Override
    public void close() {
        running.set(false);
        if (thread != null) thread.interrupt();
        reporter.shutdown();
    }
}
