package dev.flotilla.node.agent;

import dev.flotilla.node.agent.container.ContainerSpec;
import dev.flotilla.node.agent.process.Signals;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the agent needs to run one service: the typed content of its {@code [Service]} (and optional
 * {@code [Container]}) section, already parsed and expanded. Built with {@link #builder(String)}; defaults are
 * systemd's.
 *
 * @param name                     the unit name, e.g. {@code web.service}
 * @param description              {@code Description=} (used in journal lines), the name when absent
 * @param type                     {@code Type=}
 * @param remainAfterExit          {@code RemainAfterExit=}
 * @param execStartPre             {@code ExecStartPre=}, in order; likewise the other phases
 * @param environment              {@code Environment=}, in order of assignment
 * @param environmentFiles         {@code EnvironmentFile=}; read at each start, overriding {@code Environment=}
 * @param workingDirectory         {@code WorkingDirectory=}, null for the agent's data directory
 * @param restart                  {@code Restart=}
 * @param restartSec               {@code RestartSec=} (default 100 ms)
 * @param timeoutStartSec          {@code TimeoutStartSec=}, per start phase; {@link Duration#ZERO} means infinity
 * @param timeoutStopSec           {@code TimeoutStopSec=}, per stop phase; {@link Duration#ZERO} means infinity
 * @param successExitStatus        {@code SuccessExitStatus=} exit statuses counted as success besides 0
 * @param successSignals           {@code SuccessExitStatus=} signal numbers counted as success
 * @param restartPreventExitStatus {@code RestartPreventExitStatus=} exit statuses
 * @param restartPreventSignals    {@code RestartPreventExitStatus=} signal numbers
 * @param killSignal               {@code KillSignal=} as a number (default 15)
 * @param startLimitBurst          {@code StartLimitBurst=} (default 5; 0 disables)
 * @param startLimitInterval       {@code StartLimitIntervalSec=} (default 10 s; 0 disables)
 * @param pidFile                  {@code PIDFile=} for Type=forking, null when absent
 * @param container                the {@code [Container]} section, null for a process unit
 */
public record ServiceSpec(String name, String description, ServiceType type, boolean remainAfterExit,
                          List<ExecStep> execStartPre, List<ExecStep> execStart, List<ExecStep> execStartPost,
                          List<ExecStep> execReload, List<ExecStep> execStop, List<ExecStep> execStopPost,
                          Map<String, String> environment, List<EnvironmentFile> environmentFiles,
                          Path workingDirectory, RestartPolicy restart, Duration restartSec,
                          Duration timeoutStartSec, Duration timeoutStopSec,
                          Set<Integer> successExitStatus, Set<Integer> successSignals,
                          Set<Integer> restartPreventExitStatus, Set<Integer> restartPreventSignals,
                          int killSignal, int startLimitBurst, Duration startLimitInterval, Path pidFile,
                          ContainerSpec container) {

    /**
     * One {@code EnvironmentFile=}.
     *
     * @param path     the file
     * @param optional the {@code -} prefix: a missing file is ignored
     */
    public record EnvironmentFile(Path path, boolean optional) {
        public EnvironmentFile {
            Objects.requireNonNull(path, "path");
        }
    }

    public ServiceSpec {
        Objects.requireNonNull(name, "name");
        description = description == null || description.isBlank() ? name : description;
        type = type == null ? ServiceType.SIMPLE : type;
        execStartPre = List.copyOf(execStartPre);
        execStart = List.copyOf(execStart);
        execStartPost = List.copyOf(execStartPost);
        execReload = List.copyOf(execReload);
        execStop = List.copyOf(execStop);
        execStopPost = List.copyOf(execStopPost);
        environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        environmentFiles = List.copyOf(environmentFiles);
        restart = restart == null ? RestartPolicy.NO : restart;
        successExitStatus = Set.copyOf(successExitStatus);
        successSignals = Set.copyOf(successSignals);
        restartPreventExitStatus = Set.copyOf(restartPreventExitStatus);
        restartPreventSignals = Set.copyOf(restartPreventSignals);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * What is wrong with this spec for running it, each problem naming its key; empty when it can run.
     * ({@link UnitAgent#load} refuses a spec with problems and changes nothing.)
     */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (!dev.flotilla.node.journal.Journals.isValidUnitName(name)) {
            p.add("unit name '" + name + "' is not a valid unit name");
        }
        if (container == null && execStart.isEmpty()) {
            p.add(name + ": [Service] ExecStart= is missing (required unless Type=oneshot with ExecStop=, or a "
                    + "[Container] section is given)");
            if (type == ServiceType.ONESHOT && !execStop.isEmpty()) {
                p.remove(p.size() - 1);
            }
        }
        if (container != null && container.image().isBlank()) {
            p.add(name + ": [Container] Image= is empty");
        }
        if (container == null && execStart.size() > 1 && type != ServiceType.ONESHOT) {
            p.add(name + ": [Service] ExecStart= has " + execStart.size()
                    + " commands; only Type=oneshot may have more than one");
        }
        checkSteps(p, "ExecStartPre", execStartPre);
        checkSteps(p, "ExecStart", execStart);
        checkSteps(p, "ExecStartPost", execStartPost);
        checkSteps(p, "ExecReload", execReload);
        checkSteps(p, "ExecStop", execStop);
        checkSteps(p, "ExecStopPost", execStopPost);
        checkDuration(p, "RestartSec", restartSec);
        checkDuration(p, "TimeoutStartSec", timeoutStartSec);
        checkDuration(p, "TimeoutStopSec", timeoutStopSec);
        checkDuration(p, "StartLimitIntervalSec", startLimitInterval);
        if (killSignal < 1 || killSignal > 64) {
            p.add(name + ": [Service] KillSignal= must be a signal, got " + killSignal);
        }
        if (startLimitBurst < 0) {
            p.add(name + ": [Unit] StartLimitBurst= must not be negative, got " + startLimitBurst);
        }
        return p;
    }

    private void checkSteps(List<String> p, String key, List<ExecStep> steps) {
        for (ExecStep s : steps) {
            if (s.argv().isEmpty() || s.argv().get(0).isBlank()) {
                p.add(name + ": [Service] " + key + "= has an empty command line");
            }
        }
    }

    private void checkDuration(List<String> p, String key, Duration d) {
        if (d == null || d.isNegative()) {
            p.add(name + ": " + key + "= must be a non-negative duration, got " + d);
        }
    }

    /** Fluent construction with systemd's defaults. */
    public static final class Builder {
        private final String name;
        private String description;
        private ServiceType type = ServiceType.SIMPLE;
        private boolean remainAfterExit;
        private final List<ExecStep> execStartPre = new ArrayList<>();
        private final List<ExecStep> execStart = new ArrayList<>();
        private final List<ExecStep> execStartPost = new ArrayList<>();
        private final List<ExecStep> execReload = new ArrayList<>();
        private final List<ExecStep> execStop = new ArrayList<>();
        private final List<ExecStep> execStopPost = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<EnvironmentFile> environmentFiles = new ArrayList<>();
        private Path workingDirectory;
        private RestartPolicy restart = RestartPolicy.NO;
        private Duration restartSec = Duration.ofMillis(100);
        private Duration timeoutStartSec = Duration.ofSeconds(90);
        private Duration timeoutStopSec = Duration.ofSeconds(90);
        private final java.util.Set<Integer> successExitStatus = new java.util.HashSet<>();
        private final java.util.Set<Integer> successSignals = new java.util.HashSet<>();
        private final java.util.Set<Integer> restartPreventExitStatus = new java.util.HashSet<>();
        private final java.util.Set<Integer> restartPreventSignals = new java.util.HashSet<>();
        private int killSignal = 15;
        private int startLimitBurst = 5;
        private Duration startLimitInterval = Duration.ofSeconds(10);
        private Path pidFile;
        private ContainerSpec container;

        private Builder(String name) {
            this.name = name;
        }

        public Builder description(String v) { description = v; return this; }
        public Builder type(ServiceType v) { type = v; return this; }
        public Builder remainAfterExit(boolean v) { remainAfterExit = v; return this; }
        public Builder execStartPre(ExecStep v) { execStartPre.add(v); return this; }
        public Builder execStart(ExecStep v) { execStart.add(v); return this; }
        public Builder execStartPost(ExecStep v) { execStartPost.add(v); return this; }
        public Builder execReload(ExecStep v) { execReload.add(v); return this; }
        public Builder execStop(ExecStep v) { execStop.add(v); return this; }
        public Builder execStopPost(ExecStep v) { execStopPost.add(v); return this; }
        public Builder environment(String key, String value) { environment.put(key, value); return this; }
        public Builder environmentFile(Path file, boolean optional) {
            environmentFiles.add(new EnvironmentFile(file, optional));
            return this;
        }
        public Builder workingDirectory(Path v) { workingDirectory = v; return this; }
        public Builder restart(RestartPolicy v) { restart = v; return this; }
        public Builder restartSec(Duration v) { restartSec = v; return this; }
        public Builder timeoutStartSec(Duration v) { timeoutStartSec = v; return this; }
        public Builder timeoutStopSec(Duration v) { timeoutStopSec = v; return this; }
        public Builder successExitStatus(int v) { successExitStatus.add(v); return this; }
        public Builder successSignal(String v) { successSignals.add(signal(v)); return this; }
        public Builder restartPreventExitStatus(int v) { restartPreventExitStatus.add(v); return this; }
        public Builder restartPreventSignal(String v) { restartPreventSignals.add(signal(v)); return this; }
        public Builder killSignal(String v) { killSignal = signal(v); return this; }
        public Builder startLimit(int burst, Duration interval) {
            startLimitBurst = burst;
            startLimitInterval = interval;
            return this;
        }
        public Builder pidFile(Path v) { pidFile = v; return this; }
        public Builder container(ContainerSpec v) { container = v; return this; }

        private static int signal(String s) {
            // an unknown name becomes 0, which problems() reports for KillSignal and which never matches a status
            return Signals.number(s).orElse(0);
        }

        public ServiceSpec build() {
            return new ServiceSpec(name, description, type, remainAfterExit, execStartPre, execStart, execStartPost,
                    execReload, execStop, execStopPost, environment, environmentFiles, workingDirectory, restart,
                    restartSec, timeoutStartSec, timeoutStopSec, successExitStatus, successSignals,
                    restartPreventExitStatus, restartPreventSignals, killSignal, startLimitBurst,
                    startLimitInterval, pidFile, container);
        }
    }
}
