package dev.flotilla.core.unit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code [Service]} settings the agent needs, typed. Values that cannot be read fall back to systemd's default
 * and are reported to the {@link DiagnosticSink} given to {@link #read}. List-valued keys (Exec lines, Environment,
 * EnvironmentFile, exit statuses) accumulate over repeated lines and are reset by an empty assignment.
 */
public final class ServiceConfig {
    public static final String SECTION = "Service";
    /** The Exec keys in the order systemd runs them. */
    public static final List<String> EXEC_KEYS = List.of("ExecCondition", "ExecStartPre", "ExecStart",
            "ExecStartPost", "ExecReload", "ExecStop", "ExecStopPost");
    /** systemd's default RestartSec. */
    public static final TimeSpan DEFAULT_RESTART_SEC = TimeSpan.of(Duration.ofMillis(100));
    public static final int DEFAULT_KILL_SIGNAL = 15;

    private ServiceType type;
    private boolean typeSet;
    private final Map<String, List<ExecLine>> exec = new LinkedHashMap<>();
    private RestartPolicy restart = RestartPolicy.NO;
    private TimeSpan restartSec = DEFAULT_RESTART_SEC;
    private TimeSpan timeoutStart;
    private TimeSpan timeoutStop;
    private Map<String, String> environment = new LinkedHashMap<>();
    private final List<EnvironmentFileRef> environmentFiles = new ArrayList<>();
    private String workingDirectory;
    private boolean workingDirectoryOptional;
    private ExitStatusSet successExitStatus = ExitStatusSet.EMPTY;
    private ExitStatusSet restartPreventExitStatus = ExitStatusSet.EMPTY;
    private int killSignal = DEFAULT_KILL_SIGNAL;
    private boolean remainAfterExit;

    private ServiceConfig() { }

    /** Reads the [Service] section, reporting unreadable values to {@code sink}. */
    public static ServiceConfig read(UnitFile file, DiagnosticSink sink) {
        ServiceConfig c = new ServiceConfig();
        c.readFrom(file, sink);
        return c;
    }

    /** Reads the [Service] section, ignoring problems. */
    public static ServiceConfig of(UnitFile file) {
        return read(file, DiagnosticSink.discarding());
    }

    private void readFrom(UnitFile f, DiagnosticSink sink) {
        f.lastEntry(SECTION, "Type").filter(e -> !e.isEmpty()).ifPresent(e -> {
            typeSet = true;
            type = ServiceType.of(e.value()).orElse(null);
            if (type == null) {
                sink.error(e, "unknown service type " + UnitParser.quote(e.value())
                        + "; expected simple, exec, forking, oneshot, dbus, notify, notify-reload or idle");
            }
        });
        for (String key : EXEC_KEYS) {
            List<ExecLine> lines = new ArrayList<>();
            for (Entry e : f.effectiveEntries(SECTION, key)) {
                ExecLine l = ExecLine.parse(e.value());
                sink.addAll(e, l.problems());
                if (!l.hasErrors()) {
                    lines.add(l); // systemd ignores a line it cannot read
                }
            }
            exec.put(key, Collections.unmodifiableList(lines));
        }
        f.lastEntry(SECTION, "Restart").filter(e -> !e.isEmpty()).ifPresent(e -> {
            Optional<RestartPolicy> p = RestartPolicy.of(e.value());
            if (p.isPresent()) {
                restart = p.get();
            } else {
                sink.error(e, "unknown restart policy " + UnitParser.quote(e.value()) + "; expected no, on-success, "
                        + "on-failure, on-abnormal, on-watchdog, on-abort or always");
            }
        });
        restartSec = span(f, "RestartSec", sink).orElse(DEFAULT_RESTART_SEC);
        Optional<TimeSpan> both = span(f, "TimeoutSec", sink);
        timeoutStart = lastOf(f, "TimeoutStartSec", "TimeoutSec").equals("TimeoutStartSec")
                ? span(f, "TimeoutStartSec", sink).orElse(null) : both.orElse(null);
        timeoutStop = lastOf(f, "TimeoutStopSec", "TimeoutSec").equals("TimeoutStopSec")
                ? span(f, "TimeoutStopSec", sink).orElse(null) : both.orElse(null);
        for (Entry e : f.entries(SECTION, "Environment")) {
            if (e.isEmpty()) {
                environment.clear();
                continue;
            }
            EnvironmentAssignments.Parsed p = EnvironmentAssignments.parse(e.value());
            sink.addAll(e, p.problems());
            environment.putAll(p.assignments());
        }
        environment = Collections.unmodifiableMap(environment);
        for (Entry e : f.entries(SECTION, "EnvironmentFile")) {
            if (e.isEmpty()) {
                environmentFiles.clear();
                continue;
            }
            try {
                environmentFiles.add(EnvironmentFileRef.parse(e.value()));
            } catch (ValueException ex) {
                sink.add(e, ex.toProblem());
            }
        }
        f.lastEntry(SECTION, "WorkingDirectory").filter(e -> !e.isEmpty()).ifPresent(e -> {
            String v = e.value();
            boolean optional = v.startsWith("-");
            String path = optional ? v.substring(1) : v;
            if (path.startsWith("/") || path.equals("~") || path.startsWith("%")) {
                workingDirectory = path;
                workingDirectoryOptional = optional;
            } else {
                sink.error(e, "working directory " + UnitParser.quote(path)
                        + " is not absolute; expected an absolute path, ~, or either prefixed with '-'");
            }
        });
        successExitStatus = exitStatuses(f, "SuccessExitStatus", sink);
        restartPreventExitStatus = exitStatuses(f, "RestartPreventExitStatus", sink);
        f.lastEntry(SECTION, "KillSignal").filter(e -> !e.isEmpty()).ifPresent(e -> {
            OptionalInt s = Signals.parse(e.value());
            if (s.isPresent()) {
                killSignal = s.getAsInt();
            } else {
                sink.error(e, "unknown signal " + UnitParser.quote(e.value()) + "; expected e.g. SIGTERM, SIGINT, SIGKILL");
            }
        });
        f.lastEntry(SECTION, "RemainAfterExit").filter(e -> !e.isEmpty()).ifPresent(e -> {
            Optional<Boolean> b = Booleans.parse(e.value());
            if (b.isPresent()) {
                remainAfterExit = b.get();
            } else {
                sink.error(e, "expected a boolean (yes/no, true/false, on/off, 1/0), found " + UnitParser.quote(e.value()));
            }
        });
    }

    /** Which of two keys was assigned last (they override each other); "" when neither. */
    private static String lastOf(UnitFile f, String a, String b) {
        Entry ea = f.lastEntry(SECTION, a).orElse(null);
        Entry eb = f.lastEntry(SECTION, b).orElse(null);
        if (ea == null && eb == null) {
            return "";
        }
        if (ea == null) {
            return b;
        }
        if (eb == null) {
            return a;
        }
        return ea.line() >= eb.line() ? a : b;
    }

    private static Optional<TimeSpan> span(UnitFile f, String key, DiagnosticSink sink) {
        Optional<Entry> e = f.lastEntry(SECTION, key).filter(en -> !en.isEmpty());
        if (e.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TimeSpan.parse(e.get().value()));
        } catch (ValueException ex) {
            sink.add(e.get(), ex.toProblem());
            return Optional.empty();
        }
    }

    private static ExitStatusSet exitStatuses(UnitFile f, String key, DiagnosticSink sink) {
        for (Entry e : f.effectiveEntries(SECTION, key)) {
            List<ValueProblem> ps = new ArrayList<>();
            ExitStatusSet.parse(e.value(), ps);
            sink.addAll(e, ps);
        }
        return ExitStatusSet.merge(f.entries(SECTION, key));
    }

    /** {@code Type=}; systemd's default is simple (exec when unset is not assumed). */
    public ServiceType type() {
        return type != null ? type : ServiceType.SIMPLE;
    }

    /** True when Type= is set (to a readable value or not). */
    public boolean typeSet() {
        return typeSet;
    }

    /** The readable lines of an Exec key ({@link #EXEC_KEYS}), resets honoured. */
    public List<ExecLine> exec(String key) {
        return exec.getOrDefault(key, List.of());
    }

    public List<ExecLine> execStartPre() {
        return exec("ExecStartPre");
    }

    public List<ExecLine> execStart() {
        return exec("ExecStart");
    }

    public List<ExecLine> execStartPost() {
        return exec("ExecStartPost");
    }

    public List<ExecLine> execReload() {
        return exec("ExecReload");
    }

    public List<ExecLine> execStop() {
        return exec("ExecStop");
    }

    public List<ExecLine> execStopPost() {
        return exec("ExecStopPost");
    }

    public RestartPolicy restart() {
        return restart;
    }

    public TimeSpan restartSec() {
        return restartSec;
    }

    /** TimeoutStartSec (or TimeoutSec, whichever was set last); empty for systemd's default. 0 means no timeout. */
    public Optional<TimeSpan> timeoutStart() {
        return Optional.ofNullable(timeoutStart);
    }

    /** TimeoutStopSec (or TimeoutSec, whichever was set last); empty for systemd's default. 0 means no timeout. */
    public Optional<TimeSpan> timeoutStop() {
        return Optional.ofNullable(timeoutStop);
    }

    /** The Environment= assignments, later ones overriding earlier ones. */
    public Map<String, String> environment() {
        return environment;
    }

    public List<EnvironmentFileRef> environmentFiles() {
        return Collections.unmodifiableList(environmentFiles);
    }

    public Optional<String> workingDirectory() {
        return Optional.ofNullable(workingDirectory);
    }

    /** True when WorkingDirectory= had the '-' prefix (a missing directory is not an error). */
    public boolean workingDirectoryOptional() {
        return workingDirectoryOptional;
    }

    public ExitStatusSet successExitStatus() {
        return successExitStatus;
    }

    public ExitStatusSet restartPreventExitStatus() {
        return restartPreventExitStatus;
    }

    /** KillSignal= as a signal number (default 15, SIGTERM). */
    public int killSignal() {
        return killSignal;
    }

    public boolean remainAfterExit() {
        return remainAfterExit;
    }
}
