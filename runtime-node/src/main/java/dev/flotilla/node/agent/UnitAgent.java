package dev.flotilla.node.agent;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.flotilla.node.agent.container.ContainerException;
import dev.flotilla.node.agent.container.DockerEngine;
import dev.flotilla.node.agent.container.DockerEngineInfo;
import dev.flotilla.node.journal.Journals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The agent of one machine: holds the units the engine gave it and runs them (see {@link ServiceUnit} for the
 * state machine).
 *
 * <p><b>Agent restarts re-adopt.</b> Every time a unit reaches or leaves a running state the agent writes
 * {@code <data-dir>/agent/units.json}: each running invocation's spec, INVOCATION_ID, process groups, main PID and
 * its start time (or container id), and how far its output was journaled. {@link #close()} lets go of units without
 * stopping them. A new agent on the same data directory reads the file and adopts each invocation whose main
 * process (same PID <em>and</em> start time) or container still runs: it shows {@code active running} again, its
 * output keeps flowing into the journal (it was written to files, not to pipes of the old agent), and stop/restart
 * work as before. Its final exit status cannot be collected (it is no longer the agent's child), so an adopted main
 * process that ends is reported {@code code=unknown} and counted as a failure for Restart=. An invocation whose
 * process ended while no agent ran is reported failed and restarted if Restart= says so.
 */
public final class UnitAgent implements AutoCloseable {

    private static final String STATE_FILE = "units.json";

    private final Path stateDir;
    private final Path unitsDir;
    private final Journals journals;
    private final DockerEngine docker;
    private final Map<String, ServiceUnit> units = new ConcurrentHashMap<>();
    private final List<UnitListener> listeners = new CopyOnWriteArrayList<>();
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final Object persistLock = new Object();
    private volatile boolean closed;

    /**
     * Opens the agent on a node data directory, adopting the units a previous agent left running.
     *
     * @param dataDir  the node's data directory; the agent uses {@code agent/} under it
     * @param journals where unit journals go (normally {@code <data-dir>/journal})
     * @param docker   the machine's Docker engine, null when there is none; the agent closes it on close
     */
    public UnitAgent(Path dataDir, Journals journals, DockerEngine docker) throws IOException {
        this.stateDir = dataDir.resolve("agent");
        this.unitsDir = stateDir.resolve("units");
        this.journals = journals;
        this.docker = docker;
        Files.createDirectories(unitsDir);
        adoptPrevious();
    }

    public Journals journals() {
        return journals;
    }

    Optional<DockerEngine> docker() {
        return Optional.ofNullable(docker);
    }

    /** The Docker engine of this machine for its machine record; empty when there is none or it is unreachable. */
    public Optional<DockerEngineInfo> dockerInfo() {
        if (docker == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(docker.info());
        } catch (ContainerException e) {
            return Optional.empty();
        }
    }

    public void addListener(UnitListener l) {
        listeners.add(l);
    }

    public void removeListener(UnitListener l) {
        listeners.remove(l);
    }

    void notifyListeners(UnitStatus before, UnitStatus after) {
        for (UnitListener l : listeners) {
            try {
                l.unitChanged(before, after);
            } catch (RuntimeException e) {
                // a listener's bug must not break a unit's state machine
            }
        }
    }

    /**
     * Loads (or replaces) a unit's spec; a running unit keeps running with its old spec until restarted.
     *
     * @throws AgentException naming every problem of the spec; nothing changes then
     */
    public void load(ServiceSpec spec) throws AgentException {
        List<String> problems = spec.problems();
        if (!problems.isEmpty()) {
            throw new AgentException("cannot load " + spec.name() + ": " + String.join("; ", problems));
        }
        units.compute(spec.name(), (name, existing) -> {
            if (existing != null) {
                existing.replaceSpec(spec);
                return existing;
            }
            return new ServiceUnit(this, spec, journals.journal(name), unitsDir.resolve(name));
        });
    }

    public void start(String unit) throws AgentException {
        unit(unit).start();
    }

    public void stop(String unit) throws AgentException {
        unit(unit).stop();
    }

    public void restart(String unit) throws AgentException {
        unit(unit).restart();
    }

    public void reload(String unit) throws AgentException {
        unit(unit).reload();
    }

    /** Clears a failed state and the start-limit counter ({@code systemctl reset-failed}). */
    public void resetFailed(String unit) throws AgentException {
        unit(unit).resetFailed();
    }

    /**
     * Stops a unit and forgets it (the engine moved it away). Completes once it is stopped; its journal stays.
     */
    public CompletableFuture<Void> unload(String unit) throws AgentException {
        ServiceUnit u = unit(unit);
        u.stop();
        return CompletableFuture.runAsync(() -> {
            try {
                while (!u.awaitIdle(Duration.ofSeconds(1))) {
                    u.stop(); // a start may have been queued meanwhile
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            units.remove(unit, u);
            u.closeTailer();
            persist();
        });
    }

    /** Waits until the unit has no invocation running (dead or failed); false on timeout. */
    public boolean awaitInactive(String unit, Duration timeout) throws AgentException, InterruptedException {
        return unit(unit).awaitIdle(timeout);
    }

    /** The unit's state; {@code not-found} for a unit this agent does not hold. */
    public UnitStatus status(String unit) {
        ServiceUnit u = units.get(unit);
        if (u == null) {
            return new UnitStatus(unit, LoadState.NOT_FOUND, ActiveState.INACTIVE, SubState.DEAD, UnitResult.SUCCESS,
                    0, null, null, 0, null, null);
        }
        return u.status();
    }

    /** All units, by name. */
    public List<UnitStatus> statuses() {
        List<UnitStatus> all = new ArrayList<>();
        units.values().forEach(u -> all.add(u.status()));
        all.sort(Comparator.comparing(UnitStatus::name));
        return all;
    }

    private ServiceUnit unit(String name) throws AgentException {
        ServiceUnit u = units.get(name);
        if (u == null) {
            throw new AgentException("unit " + name + " is not loaded on this machine");
        }
        return u;
    }

    // ---------------------------------------------------------------- state file

    /** One entry of the state file. */
    record SavedUnit(ServiceSpec spec, AdoptionRecord adoption) {
    }

    /** The state file's content. */
    record SavedState(List<SavedUnit> units) {
    }

    void persist() {
        if (closed) {
            return;
        }
        List<SavedUnit> saved = new ArrayList<>();
        for (ServiceUnit u : units.values()) {
            u.record().ifPresent(r -> saved.add(new SavedUnit(u.spec(), r)));
        }
        write(saved);
    }

    private void write(List<SavedUnit> saved) {
        synchronized (persistLock) {
            try {
                Path tmp = stateDir.resolve(STATE_FILE + ".tmp");
                json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), new SavedState(saved));
                Files.move(tmp, stateDir.resolve(STATE_FILE), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // losing the state file only loses re-adoption after a crash; units keep running
                System.err.println("flotilla agent: cannot write " + stateDir.resolve(STATE_FILE) + ": " + e);
            }
        }
    }

    private void adoptPrevious() {
        Path file = stateDir.resolve(STATE_FILE);
        if (!Files.exists(file)) {
            return;
        }
        SavedState state;
        try {
            state = json.readValue(file.toFile(), SavedState.class);
        } catch (IOException e) {
            System.err.println("flotilla agent: ignoring unreadable state file " + file + ": " + e.getMessage());
            return;
        }
        if (state.units() == null) {
            return;
        }
        for (SavedUnit s : state.units()) {
            if (s.spec() == null || s.adoption() == null || !s.spec().problems().isEmpty()) {
                continue;
            }
            ServiceUnit u = new ServiceUnit(this, s.spec(), journals.journal(s.spec().name()),
                    unitsDir.resolve(s.spec().name()));
            units.put(s.spec().name(), u);
            u.adopt(s.adoption());
        }
    }

    /**
     * Lets go of every unit WITHOUT stopping it (their processes and containers keep running) and records them for
     * the next agent. Use {@link #stop} or {@link #unload} first for units that should not survive.
     */
    @Override
    public void close() {
        closed = true; // from here on only this method writes the state file
        List<SavedUnit> saved = new ArrayList<>();
        for (ServiceUnit u : units.values()) {
            u.detach().ifPresent(r -> saved.add(new SavedUnit(u.spec(), r)));
        }
        write(saved);
        units.clear();
        if (docker != null) {
            docker.close();
        }
    }
}
