package dev.flotilla.node.agent;

import dev.flotilla.node.agent.container.ContainerException;
import dev.flotilla.node.agent.container.ContainerSpec;
import dev.flotilla.node.agent.container.ContainerState;
import dev.flotilla.node.agent.container.DockerEngine;
import dev.flotilla.node.agent.process.EnvironmentFiles;
import dev.flotilla.node.agent.process.Executables;
import dev.flotilla.node.agent.process.OutputTailer;
import dev.flotilla.node.agent.process.ProcessLauncher;
import dev.flotilla.node.agent.process.ProcessTree;
import dev.flotilla.node.agent.process.Signals;
import dev.flotilla.node.journal.Journal;
import dev.flotilla.node.journal.JournalStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One service and its systemd state machine.
 *
 * <p>Each run of the service (an "invocation", with its own {@code INVOCATION_ID}) is driven by one worker thread
 * that executes systemd's sequence in order: start-pre → start → start-post → running → stop → stop-sigterm →
 * stop-sigkill → stop-post → final-sigterm → final-sigkill → dead/failed, then auto-restart when Restart= says so.
 * Requests from outside ({@link #stop()}, {@link #reload()}) only set a flag and wake the worker; the worker decides
 * what they mean in its current state, as systemd's job engine does. This keeps every transition on one thread.
 */
final class ServiceUnit {
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Duration FINAL_KILL_WAIT = Duration.ofSeconds(10);

    private final UnitAgent agent;
    private final Journal journal;
    private final Path unitDir;
    private volatile ServiceSpec spec;

    // state, guarded by this
    private SubState sub = SubState.DEAD;
    private UnitResult result = UnitResult.SUCCESS;
    private Instant since = Instant.now();
    private int restarts;
    private ExitStatus lastExit;
    private String statusText;
    private Thread worker;
    private boolean stopRequested;
    private boolean startPending;
    private boolean reloadRequested;
    private boolean detached;
    private final ArrayDeque<Long> startTimes = new ArrayDeque<>();

    // the current invocation, written by the worker
    private volatile String invocationId;
    private final Set<Long> pgids = ConcurrentHashMap.newKeySet();
    private volatile MainProcess main;
    private volatile Process control;
    private volatile OutputTailer tailer;

    ServiceUnit(UnitAgent agent, ServiceSpec spec, Journal journal, Path unitDir) {
        this.agent = agent;
        this.spec = spec;
        this.journal = journal;
        this.unitDir = unitDir;
    }

    ServiceSpec spec() {
        return spec;
    }

    void replaceSpec(ServiceSpec s) {
        spec = s; // takes effect at the next start, as systemctl daemon-reload does
    }

    // ---------------------------------------------------------------- requests

    synchronized void start() {
        if (detached) {
            return;
        }
        if (worker != null) {
            if (stopRequested) {
                startPending = true; // queued behind the running stop, like a systemd start job after a stop job
            }
            return;
        }
        stopRequested = false;
        startPending = false;
        spawnWorker(null);
    }

    synchronized void stop() {
        if (worker == null) {
            return;
        }
        stopRequested = true;
        startPending = false;
        notifyAll();
    }

    synchronized void restart() {
        if (worker == null) {
            start();
            return;
        }
        stopRequested = true;
        startPending = true;
        notifyAll();
    }

    synchronized void reload() {
        if (worker != null && (sub == SubState.RUNNING || sub == SubState.EXITED)) {
            reloadRequested = true;
            notifyAll();
        }
    }

    synchronized void resetFailed() {
        startTimes.clear();
        if (sub == SubState.FAILED) {
            result = UnitResult.SUCCESS;
            setSubLocked(SubState.DEAD, null);
        }
    }

    /** Lets go of the unit without stopping it (agent shutdown); returns what a successor needs to adopt it. */
    synchronized Optional<AdoptionRecord> detach() {
        Optional<AdoptionRecord> record = record();
        detached = true;
        notifyAll();
        MainProcess m = main;
        if (m != null) {
            m.release();
        }
        closeTailer();
        return record;
    }

    /** What a successor agent needs to adopt the running invocation, if one runs. */
    synchronized Optional<AdoptionRecord> record() {
        Optional<AdoptionRecord> record = Optional.empty();
        MainProcess m = main;
        if (worker != null && (sub == SubState.RUNNING || sub == SubState.EXITED) && invocationId != null) {
            long pid = m == null ? 0 : m.pid();
            long startMillis = pid == 0 ? 0 : ProcessHandle.of(pid).flatMap(h -> h.info().startInstant())
                    .map(Instant::toEpochMilli).orElse(0L);
            OutputTailer t = tailer;
            record = Optional.of(new AdoptionRecord(spec.name(), invocationId, List.copyOf(pgids), pid, startMillis,
                    m == null ? null : m.containerId(), sub.name(), restarts,
                    t == null ? 0 : t.stdoutOffset(), t == null ? 0 : t.stderrOffset(),
                    Instant.now().getEpochSecond()));
        }
        return record;
    }

    synchronized void adopt(AdoptionRecord record) {
        stopRequested = false;
        restarts = record.restarts();
        spawnWorker(record);
    }

    /** Waits until no invocation runs (dead, failed, or detached). */
    synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (worker != null) {
            long ms = (deadline - System.nanoTime()) / 1_000_000;
            if (ms <= 0) {
                return false;
            }
            wait(ms);
        }
        return true;
    }

    synchronized UnitStatus status() {
        MainProcess m = main;
        return new UnitStatus(spec.name(), LoadState.LOADED, sub.active(), sub, result,
                m == null || m.exit().isDone() ? 0 : m.pid(), m == null ? null : m.containerId(), since, restarts,
                lastExit, statusText);
    }

    void closeTailer() {
        OutputTailer t = tailer;
        tailer = null;
        if (t != null) {
            t.close();
        }
    }

    // ---------------------------------------------------------------- the worker

    private void spawnWorker(AdoptionRecord adoption) {
        Thread t = new Thread(() -> work(adoption), "unit-" + spec.name());
        t.setDaemon(true);
        worker = t;
        t.start();
    }

    private enum Wait { DONE, TIMEOUT, STOP, RELOAD, DETACH }

    private void work(AdoptionRecord adoption) {
        try {
            AdoptionRecord adopting = adoption;
            while (true) {
                int started;
                if (adopting != null) {
                    started = adoptInvocation(adopting);
                    adopting = null;
                } else if (!startLimitAllows()) {
                    return;
                } else {
                    started = startSequence();
                }
                if (started == STARTED) {
                    if (runningPhase() == Wait.DETACH) {
                        return;
                    }
                }
                if (isDetached()) {
                    return;
                }
                stopSequence(started);
                boolean again;
                synchronized (this) {
                    boolean userStop = stopRequested;
                    if (!userStop && !startPending && shallRestart()) {
                        setSubLocked(SubState.AUTO_RESTART, "restarting in " + human(spec.restartSec()));
                        again = awaitFlag(spec.restartSec()) != Wait.STOP;
                        if (again) {
                            restarts++;
                            log(spec.name() + ": Scheduled restart job, restart counter is at " + restarts + ".");
                            continue;
                        }
                        userStop = true;
                    }
                    finish(userStop, started);
                    if (startPending && !detached) {
                        startPending = false;
                        stopRequested = false;
                        continue;
                    }
                    return;
                }
            }
        } catch (RuntimeException | Error e) {
            // never let a unit's thread die silently: the unit fails with the reason, the agent goes on
            synchronized (this) {
                result = result == UnitResult.SUCCESS ? UnitResult.RESOURCES : result;
                log(spec.name() + ": Internal error in agent: " + e);
                setSubLocked(SubState.FAILED, "internal error: " + e.getMessage());
            }
        } finally {
            synchronized (this) {
                worker = null;
                notifyAll();
            }
            agent.persist();
        }
    }

    private static final int NOT_STARTED = 0;
    private static final int FAILED_AFTER_START = 1;
    private static final int STARTED = 2;

    private boolean startLimitAllows() {
        synchronized (this) {
            ServiceSpec s = spec;
            if (s.startLimitBurst() == 0 || s.startLimitInterval().isZero()) {
                return true;
            }
            long now = System.nanoTime();
            while (!startTimes.isEmpty() && now - startTimes.peekFirst() > s.startLimitInterval().toNanos()) {
                startTimes.removeFirst();
            }
            if (startTimes.size() < s.startLimitBurst()) {
                startTimes.addLast(now);
                return true;
            }
            result = UnitResult.START_LIMIT_HIT;
            log(s.name() + ": Start request repeated too quickly.");
            log(s.name() + ": Failed with result 'start-limit-hit'.");
            log("Failed to start " + s.description() + ".");
            setSubLocked(SubState.FAILED, "start request repeated too quickly (" + s.startLimitBurst() + " in "
                    + human(s.startLimitInterval()) + ")");
            return false;
        }
    }

    private void newInvocation() {
        invocationId = UUID.randomUUID().toString().replace("-", "");
        pgids.clear();
        main = null;
        mainReported = false;
        synchronized (this) {
            result = UnitResult.SUCCESS;
            statusText = null;
            reloadRequested = false;
        }
    }

    /** @return NOT_STARTED, FAILED_AFTER_START or STARTED */
    private int startSequence() {
        ServiceSpec s = spec;
        newInvocation();
        ensureTailer(0, 0);
        log("Starting " + s.description() + "...");
        Map<String, String> env;
        try {
            env = environment(s);
        } catch (IOException e) {
            log(s.name() + ": Failed to load environment files: " + e.getMessage());
            fail(UnitResult.RESOURCES, "failed to load environment files: " + e.getMessage());
            return NOT_STARTED;
        }
        Path cwd = s.workingDirectory() == null ? Path.of("/") : s.workingDirectory();
        if (!Files.isDirectory(cwd)) {
            log(s.name() + ": Changing to the requested working directory failed: No such file or directory ("
                    + cwd + ")");
            mainExited(ExitStatus.CHDIR_FAILED);
            fail(UnitResult.EXIT_CODE, "working directory " + cwd + " does not exist");
            return NOT_STARTED;
        }
        if (!s.execStartPre().isEmpty()) {
            setSub(SubState.START_PRE);
            for (ExecStep step : s.execStartPre()) {
                if (!runControl(step, "start-pre", s.timeoutStartSec(), true, env, cwd, false)) {
                    return NOT_STARTED;
                }
            }
        }
        setSub(SubState.START);
        if (s.container() != null) {
            if (!startContainer(s)) {
                return NOT_STARTED;
            }
        } else {
            switch (s.type()) {
                case SIMPLE, EXEC -> {
                    if (!launchMain(s.execStart().get(0), env, cwd)) {
                        return NOT_STARTED;
                    }
                }
                case ONESHOT -> {
                    for (ExecStep step : s.execStart()) {
                        if (!runControl(step, "start", s.timeoutStartSec(), true, env, cwd, true)) {
                            return NOT_STARTED;
                        }
                    }
                }
                case FORKING -> {
                    if (s.execStart().isEmpty()
                            || !runControl(s.execStart().get(0), "start", s.timeoutStartSec(), true, env, cwd, false)) {
                        return NOT_STARTED;
                    }
                    main = forkedMain(s);
                }
            }
        }
        if (!s.execStartPost().isEmpty()) {
            setSub(SubState.START_POST);
            for (ExecStep step : s.execStartPost()) {
                if (!runControl(step, "start-post", s.timeoutStartSec(), true, env, cwd, false)) {
                    return FAILED_AFTER_START;
                }
            }
        }
        if (s.type() == ServiceType.ONESHOT && s.container() == null) {
            log("Finished " + s.description() + ".");
            setSub(s.remainAfterExit() ? SubState.EXITED : SubState.START);
        } else {
            log("Started " + s.description() + ".");
            setSub(SubState.RUNNING);
        }
        agent.persist();
        return STARTED;
    }

    private int adoptInvocation(AdoptionRecord r) {
        ServiceSpec s = spec;
        invocationId = r.invocationId();
        mainReported = false;
        pgids.clear();
        pgids.addAll(r.pgids());
        ensureTailer(r.stdoutOffset(), r.stderrOffset());
        MainProcess m = null;
        String what;
        if (r.containerId() != null) {
            what = "container " + r.containerId().substring(0, Math.min(12, r.containerId().length()));
            Optional<DockerEngine> engine = agent.docker();
            try {
                Optional<ContainerState> st = engine.isPresent() ? engine.get().inspect(r.containerId())
                        : Optional.empty();
                if (st.isPresent() && st.get().running()) {
                    DockerEngine d = engine.get();
                    m = MainProcess.container(d, r.containerId(),
                            d.followLogs(r.containerId(), (int) r.savedAtEpochSeconds(), this::output),
                            d.waitExit(r.containerId()));
                } else if (st.isPresent()) {
                    mainExited(ExitStatus.fromExitValue(st.get().exitCode()));
                }
            } catch (ContainerException e) {
                log(s.name() + ": Cannot re-adopt " + what + ": " + e.getMessage());
            }
        } else {
            what = "process " + r.mainPid();
            Optional<ProcessHandle> h = r.mainPid() == 0 ? Optional.empty() : ProcessHandle.of(r.mainPid())
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> r.mainStartMillis() == 0 || p.info().startInstant()
                            .map(i -> i.toEpochMilli() == r.mainStartMillis()).orElse(false));
            if (h.isPresent()) {
                m = MainProcess.adopted(h.get());
            } else if (!ProcessTree.members(pgids, invocationId).isEmpty()) {
                m = MainProcess.group(pgids, invocationId, r.mainPid());
            }
        }
        SubState recorded = SubState.valueOf(r.sub());
        if (m == null && recorded != SubState.EXITED) {
            log(s.name() + ": Main " + what + " ended while the agent was down; exit status unknown.");
            if (lastExit == null) {
                mainExited(ExitStatus.UNKNOWN);
            }
            fail(UnitResult.EXIT_CODE, "main " + what + " ended while the agent was down");
            return FAILED_AFTER_START;
        }
        main = m;
        log(s.name() + ": Re-adopted " + what + " of invocation " + invocationId + " after agent restart.");
        setSub(recorded);
        return STARTED;
    }

    private Wait runningPhase() {
        ServiceSpec s = spec;
        while (true) {
            MainProcess m = main;
            if (m == null && sub() != SubState.EXITED) {
                return Wait.DONE; // oneshot without RemainAfterExit: straight on to stop
            }
            Wait w = await(m == null ? null : m.exit(), 0, true, true);
            switch (w) {
                case DETACH -> {
                    return w;
                }
                case RELOAD -> doReload(s);
                case STOP -> {
                    return w;
                }
                default -> {
                    ExitStatus es = m.exit().join();
                    drainOutput();
                    mainExited(es);
                    if (!isClean(s, es, false)) {
                        fail(es.isKilled() ? UnitResult.SIGNAL : UnitResult.EXIT_CODE, "main process exited, "
                                + es.describe());
                    }
                    return w;
                }
            }
        }
    }

    private void doReload(ServiceSpec s) {
        synchronized (this) {
            reloadRequested = false;
        }
        if (s.execReload().isEmpty()) {
            log(s.name() + ": Reload requested but ExecReload= is not set; nothing to do.");
            return;
        }
        SubState back = sub();
        log("Reloading " + s.description() + "...");
        setSub(SubState.RELOAD);
        boolean ok = true;
        Map<String, String> env = environmentOrEmpty(s);
        for (ExecStep step : s.execReload()) {
            env.put("MAINPID", Long.toString(main == null ? 0 : main.pid()));
            if (!runControl(step, "reload", s.timeoutStartSec(), false, env, cwd(s), false, false)) {
                ok = false;
                break;
            }
        }
        log(ok ? "Reloaded " + s.description() + "." : "Reload failed for " + s.description() + ".");
        setSub(back);
    }

    private void stopSequence(int started) {
        ServiceSpec s = spec;
        boolean userStop = isStopRequested();
        MainProcess m = main;
        boolean mainAlive = m != null && !m.exit().isDone();
        if (userStop && (mainAlive || sub() == SubState.EXITED || started == STARTED)) {
            log("Stopping " + s.description() + "...");
        }
        Map<String, String> env = environmentOrEmpty(s);
        env.put("MAINPID", mainAlive ? Long.toString(m.pid()) : "");
        env.put("SERVICE_RESULT", result().label());
        if (started != NOT_STARTED && !s.execStop().isEmpty()) {
            setSub(SubState.STOP);
            for (ExecStep step : s.execStop()) {
                if (!runControl(step, "stop", s.timeoutStopSec(), false, env, cwd(s), false, true)) {
                    break;
                }
            }
        }
        terminate(s, SubState.STOP_SIGTERM, SubState.STOP_SIGKILL);
        if (m != null) {
            if (m.exit().isDone() && !mainReported) {
                ExitStatus es = m.exit().join();
                drainOutput();
                mainExited(es);
                if (!isClean(s, es, userStop)) {
                    fail(es.isKilled() ? UnitResult.SIGNAL : UnitResult.EXIT_CODE,
                            "main process exited, " + es.describe());
                }
            }
            m.release();
        }
        if (!s.execStopPost().isEmpty()) {
            setSub(SubState.STOP_POST);
            env.put("SERVICE_RESULT", result().label());
            ExitStatus le = lastExitStatus();
            if (le != null) {
                env.put("EXIT_CODE", le.code());
                env.put("EXIT_STATUS", le.isKilled() ? Signals.name(le.status()) : Integer.toString(le.status()));
            }
            for (ExecStep step : s.execStopPost()) {
                runControl(step, "stop-post", s.timeoutStopSec(), false, env, cwd(s), false, true);
            }
        }
        terminate(s, SubState.FINAL_SIGTERM, SubState.FINAL_SIGKILL);
        if (m != null && m.containerId() != null) {
            try {
                agent.docker().orElseThrow(() -> new ContainerException("no engine")).remove(m.containerId());
            } catch (ContainerException e) {
                log(s.name() + ": Failed to remove container " + m.containerId() + ": " + e.getMessage());
            }
        }
        drainOutput();
        main = null;
    }

    /** Signals everything left of the invocation with KillSignal, then SIGKILL after TimeoutStopSec. */
    private void terminate(ServiceSpec s, SubState termState, SubState killState) {
        MainProcess m = main;
        if (!anythingAlive(m)) {
            return;
        }
        setSub(termState);
        signalAll(m, s.killSignal());
        signalAll(m, 18); // SIGCONT, so that stopped processes see the signal (as systemd does)
        if (awaitGone(m, s.timeoutStopSec())) {
            return;
        }
        log(s.name() + ": State '" + termState.label() + "' timed out. Killing.");
        for (long pid : ProcessTree.members(pgids, invocationId)) {
            String comm = ProcessHandle.of(pid).flatMap(h -> h.info().command())
                    .map(c -> Path.of(c).getFileName().toString()).orElse("?");
            log(s.name() + ": Killing process " + pid + " (" + comm + ") with signal SIGKILL.");
        }
        synchronized (this) {
            if (result == UnitResult.SUCCESS) {
                result = UnitResult.TIMEOUT;
                statusText = "state '" + termState.label() + "' timed out";
            }
        }
        setSub(killState);
        signalAll(m, 9);
        if (!awaitGone(m, FINAL_KILL_WAIT)) {
            log(s.name() + ": Processes still around after SIGKILL. Ignoring.");
        }
    }

    private boolean anythingAlive(MainProcess m) {
        return (m != null && !m.exit().isDone()) || !ProcessTree.members(pgids, invocationId).isEmpty();
    }

    private void signalAll(MainProcess m, int signal) {
        if (m != null && m.containerId() != null && !m.exit().isDone()) {
            m.signal(signal);
        }
        ProcessTree.signal(signal, ProcessLauncher.newSessions() ? pgids : Set.of(),
                ProcessTree.members(pgids, invocationId));
    }

    /** Waits until main and every process of the invocation are gone; true when they are. */
    private boolean awaitGone(MainProcess m, Duration timeout) {
        long deadline = timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        if (m != null) {
            long ms = timeout.isZero() ? 0 : Math.max(1, timeout.toMillis());
            try {
                if (ms == 0) {
                    m.exit().join();
                } else {
                    m.exit().get(ms, java.util.concurrent.TimeUnit.MILLISECONDS);
                }
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (java.util.concurrent.ExecutionException e) {
                // ended abnormally: treat as ended
            }
        }
        // Leftovers (other groups, escaped daemons) have no exit event we could wait on without being their
        // parent; /proc is checked every 20 ms, only during a stop.
        while (!ProcessTree.members(pgids, invocationId).isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void finish(boolean userStop, int started) {
        ServiceSpec s = spec;
        if (result == UnitResult.SUCCESS) {
            setSubLocked(SubState.DEAD, null);
            log(userStop ? "Stopped " + s.description() + "." : s.name() + ": Deactivated successfully.");
        } else {
            log(s.name() + ": Failed with result '" + result.label() + "'.");
            if (started == NOT_STARTED) {
                log("Failed to start " + s.description() + ".");
            } else if (userStop) {
                log("Stopped " + s.description() + ".");
            }
            setSubLocked(SubState.FAILED, statusText);
        }
    }

    private boolean shallRestart() {
        ServiceSpec s = spec;
        ExitStatus le = lastExit;
        if (le != null && ((!le.isKilled() && s.restartPreventExitStatus().contains(le.status()))
                || (le.isKilled() && s.restartPreventSignals().contains(le.status())))) {
            return false;
        }
        return s.restart().restartsAfter(result);
    }

    /** SuccessExitStatus and systemd's clean signals (HUP INT TERM PIPE, not for oneshot). */
    private static boolean isClean(ServiceSpec s, ExitStatus es, boolean stoppedByUs) {
        if (es.code().equals("unknown")) {
            return stoppedByUs; // nobody could see how it ended; only our own stop makes that a success
        }
        if (es.isKilled()) {
            if (s.successSignals().contains(es.status())) {
                return true;
            }
            if (stoppedByUs && es.status() == s.killSignal()) {
                return true;
            }
            return s.type() != ServiceType.ONESHOT && Set.of(1, 2, 13, 15).contains(es.status());
        }
        return es.status() == 0 || s.successExitStatus().contains(es.status());
    }

    // ---------------------------------------------------------------- processes

    private volatile boolean mainReported;

    private void mainExited(ExitStatus es) {
        mainReported = true;
        synchronized (this) {
            lastExit = es;
        }
        log(spec.name() + ": Main process exited, " + es.describe());
    }

    private boolean launchMain(ExecStep step, Map<String, String> env, Path cwd) {
        Optional<Path> program = Executables.resolve(step.argv().get(0), env.get("PATH"), cwd);
        if (program.isEmpty()) {
            return execFailed(step, "No such file or directory", true);
        }
        try {
            Process p = ProcessLauncher.launch(argv(program.get(), step), env, cwd, tailer.stdoutFile(),
                    tailer.stderrFile());
            pgids.add(p.pid());
            main = MainProcess.child(p);
            return true;
        } catch (IOException e) {
            return execFailed(step, e.getMessage(), true);
        }
    }

    private boolean execFailed(ExecStep step, String reason, boolean isMain) {
        log(spec.name() + ": Failed to execute " + step.argv().get(0) + ": " + reason);
        if (step.ignoreFailure() && !isMain) {
            return true;
        }
        mainExited(ExitStatus.EXEC_FAILED);
        fail(UnitResult.EXIT_CODE, "failed to execute " + step.argv().get(0) + ": " + reason);
        return false;
    }

    private boolean runControl(ExecStep step, String phase, Duration timeout, boolean stoppable,
                               Map<String, String> env, Path cwd, boolean isMain) {
        return runControl(step, phase, timeout, stoppable, env, cwd, isMain, true);
    }

    /**
     * Runs one control command to its end.
     *
     * @param failUnit whether a failure sets the unit's result (not for ExecReload)
     * @return false when the sequence must not continue (failure without '-', timeout, or a stop request)
     */
    private boolean runControl(ExecStep step, String phase, Duration timeout, boolean stoppable,
                               Map<String, String> env, Path cwd, boolean isMain, boolean failUnit) {
        ServiceSpec s = spec;
        Optional<Path> program = Executables.resolve(step.argv().get(0), env.get("PATH"), cwd);
        if (program.isEmpty()) {
            log(s.name() + ": Failed to execute " + step.argv().get(0) + ": No such file or directory");
            if (step.ignoreFailure()) {
                return true;
            }
            if (failUnit) {
                lastExitOnly(ExitStatus.EXEC_FAILED);
                log(s.name() + ": " + (isMain ? "Main" : "Control") + " process exited, "
                        + ExitStatus.EXEC_FAILED.describe());
                fail(UnitResult.EXIT_CODE, "failed to execute " + step.argv().get(0));
            }
            return false;
        }
        Process p;
        try {
            p = ProcessLauncher.launch(argv(program.get(), step), env, cwd, tailer.stdoutFile(), tailer.stderrFile());
        } catch (IOException e) {
            log(s.name() + ": Failed to execute " + step.argv().get(0) + ": " + e.getMessage());
            if (failUnit && !step.ignoreFailure()) {
                fail(UnitResult.EXIT_CODE, "failed to execute " + step.argv().get(0));
            }
            return step.ignoreFailure();
        }
        pgids.add(p.pid());
        control = p;
        try {
            Wait w = await(p.onExit(), timeout.isZero() ? 0 : System.nanoTime() + timeout.toNanos(), stoppable,
                    false);
            if (w == Wait.STOP || w == Wait.DETACH || w == Wait.TIMEOUT) {
                if (w == Wait.TIMEOUT) {
                    log(s.name() + ": " + phase + " operation timed out. Terminating.");
                }
                if (w != Wait.DETACH) {
                    killGroup(p, s);
                }
                if (w == Wait.TIMEOUT && failUnit) {
                    fail(UnitResult.TIMEOUT, phase + " operation timed out");
                }
                return false;
            }
            ExitStatus es = ExitStatus.fromExitValue(p.exitValue());
            drainOutput();
            if (es.isKilled() ? s.successSignals().contains(es.status())
                    : es.status() == 0 || s.successExitStatus().contains(es.status())) {
                return true;
            }
            if (isMain) {
                mainExited(es);
            } else {
                log(s.name() + ": Control process exited, " + es.describe());
            }
            if (step.ignoreFailure()) {
                return true;
            }
            if (failUnit) {
                lastExitOnly(es);
                fail(es.isKilled() ? UnitResult.SIGNAL : UnitResult.EXIT_CODE,
                        phase + " command " + step.argv().get(0) + " exited, " + es.describe());
            }
            return false;
        } finally {
            control = null;
        }
    }

    private void killGroup(Process p, ServiceSpec s) {
        Set<Long> group = Set.of(p.pid());
        ProcessTree.signal(s.killSignal(), ProcessLauncher.newSessions() ? group : Set.of(), List.of(p.pid()));
        try {
            if (!p.waitFor(Math.max(1, Math.min(s.timeoutStopSec().toMillis(), 10_000)),
                    java.util.concurrent.TimeUnit.MILLISECONDS)) {
                ProcessTree.signal(9, ProcessLauncher.newSessions() ? group : Set.of(), List.of(p.pid()));
                p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private MainProcess forkedMain(ServiceSpec s) {
        if (s.pidFile() != null) {
            try {
                long pid = Long.parseLong(Files.readString(s.pidFile(), StandardCharsets.US_ASCII).strip());
                Optional<ProcessHandle> h = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
                if (h.isPresent()) {
                    pgids.add(ProcessTree.processGroup(pid).orElse(pid));
                    return MainProcess.adopted(h.get());
                }
                log(s.name() + ": PID " + pid + " read from " + s.pidFile() + " is not alive.");
            } catch (IOException | NumberFormatException e) {
                log(s.name() + ": Cannot read PID file " + s.pidFile() + ": " + e.getMessage());
            }
        }
        List<Long> left = ProcessTree.members(pgids, invocationId);
        if (left.isEmpty()) {
            log(s.name() + ": New main PID could not be determined; no process was left running.");
            return null;
        }
        long representative = left.stream().min(Long::compare).orElse(0L);
        return MainProcess.group(new HashSet<>(pgids), invocationId, representative);
    }

    private boolean startContainer(ServiceSpec s) {
        ContainerSpec c = s.container();
        Optional<DockerEngine> engine = agent.docker();
        if (engine.isEmpty()) {
            log(s.name() + ": No Docker engine on this machine (DOCKER_HOST is unset and /var/run/docker.sock "
                    + "does not exist).");
            lastExitOnly(ExitStatus.exited(125));
            fail(UnitResult.RESOURCES, "no Docker engine on this machine");
            return false;
        }
        String name = c.containerName() != null && !c.containerName().isBlank() ? c.containerName()
                : defaultContainerName(s.name());
        try {
            DockerEngine d = engine.get();
            String id = d.createAndStart(name, c, s.name(), s.killSignal());
            main = MainProcess.container(d, id, d.followLogs(id, 0, this::output), d.waitExit(id));
            log(s.name() + ": Started container " + name + " (" + id.substring(0, 12) + ") from " + c.image() + ".");
            return true;
        } catch (ContainerException e) {
            log(s.name() + ": " + e.getMessage());
            lastExitOnly(ExitStatus.exited(125));
            log(s.name() + ": Main process exited, code=exited, status=125");
            fail(UnitResult.EXIT_CODE, e.getMessage());
            return false;
        }
    }

    static String defaultContainerName(String unit) {
        String base = unit.endsWith(".service") ? unit.substring(0, unit.length() - 8) : unit;
        return "flotilla-" + base.replaceAll("[^a-zA-Z0-9_.-]", "_");
    }

    private static List<String> argv(Path program, ExecStep step) {
        List<String> a = new ArrayList<>(step.argv());
        a.set(0, program.toString());
        return a;
    }

    // ---------------------------------------------------------------- environment

    private Map<String, String> environment(ServiceSpec s) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", DEFAULT_PATH);
        String lang = System.getenv("LANG");
        if (lang != null) {
            env.put("LANG", lang);
        }
        env.putAll(s.environment());
        for (ServiceSpec.EnvironmentFile f : s.environmentFiles()) {
            try {
                env.putAll(EnvironmentFiles.read(f.path()));
            } catch (NoSuchFileException e) {
                if (!f.optional()) {
                    throw new IOException(f.path() + ": No such file or directory", e);
                }
            }
        }
        env.put("INVOCATION_ID", invocationId);
        return env;
    }

    private Map<String, String> environmentOrEmpty(ServiceSpec s) {
        try {
            return environment(s);
        } catch (IOException e) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PATH", DEFAULT_PATH);
            env.put("INVOCATION_ID", invocationId);
            return env;
        }
    }

    private static Path cwd(ServiceSpec s) {
        Path p = s.workingDirectory() == null ? Path.of("/") : s.workingDirectory();
        return Files.isDirectory(p) ? p : Path.of("/");
    }

    // ---------------------------------------------------------------- output

    private void ensureTailer(long stdoutOffset, long stderrOffset) {
        if (tailer == null) {
            try {
                tailer = new OutputTailer(unitDir, spec.name(), stdoutOffset, stderrOffset, this::output);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot capture output of " + spec.name() + " in " + unitDir, e);
            }
        }
    }

    private void output(boolean isErr, String line) {
        journal.append(isErr ? JournalStream.STDERR : JournalStream.STDOUT, line);
    }

    private void drainOutput() {
        OutputTailer t = tailer;
        if (t != null) {
            t.drain();
        }
    }

    private void log(String line) {
        journal.append(JournalStream.AGENT, line);
    }

    // ---------------------------------------------------------------- waiting and state

    /**
     * Waits for {@code f} (may be null: wait for a request only), a deadline (0: none), a stop request (when
     * {@code stoppable}) or a reload request (when {@code reloadable}); always returns on detach.
     */
    private Wait await(CompletableFuture<?> f, long deadlineNanos, boolean stoppable, boolean reloadable) {
        if (f != null) {
            f.whenComplete((a, b) -> {
                synchronized (this) {
                    notifyAll();
                }
            });
        }
        synchronized (this) {
            while (true) {
                if (detached) {
                    return Wait.DETACH;
                }
                if (f != null && f.isDone()) {
                    return Wait.DONE;
                }
                if (stoppable && stopRequested) {
                    return Wait.STOP;
                }
                if (reloadable && reloadRequested) {
                    return Wait.RELOAD;
                }
                long ms = Long.MAX_VALUE;
                if (deadlineNanos != 0) {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        return Wait.TIMEOUT;
                    }
                    ms = Math.max(1, left / 1_000_000);
                }
                try {
                    wait(ms == Long.MAX_VALUE ? 0 : ms);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Wait.DETACH;
                }
            }
        }
    }

    /** Waits for {@code d} unless a stop request comes first; called holding the lock. */
    private Wait awaitFlag(Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        while (!stopRequested && !detached) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Wait.TIMEOUT;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Wait.STOP;
            }
        }
        return Wait.STOP;
    }

    private synchronized boolean isStopRequested() {
        return stopRequested;
    }

    private synchronized boolean isDetached() {
        return detached;
    }

    private synchronized SubState sub() {
        return sub;
    }

    private synchronized UnitResult result() {
        return result;
    }

    private synchronized ExitStatus lastExitStatus() {
        return lastExit;
    }

    private synchronized void lastExitOnly(ExitStatus es) {
        lastExit = es;
    }

    private synchronized void fail(UnitResult r, String why) {
        if (result == UnitResult.SUCCESS) {
            result = r;
            statusText = why;
        }
    }

    private void setSub(SubState s) {
        synchronized (this) {
            setSubLocked(s, statusText);
        }
    }

    private void setSubLocked(SubState s, String text) {
        UnitStatus before = status();
        sub = s;
        statusText = text;
        if (before.sub() != s) {
            since = Instant.now();
        }
        UnitStatus after = status();
        notifyAll();
        if (!before.equals(after)) {
            agent.notifyListeners(before, after);
        }
    }

    private static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }
}
