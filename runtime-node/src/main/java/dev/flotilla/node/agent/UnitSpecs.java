package dev.flotilla.node.agent;

import dev.flotilla.core.unit.ContainerConfig;
import dev.flotilla.core.unit.Entry;
import dev.flotilla.core.unit.EnvironmentFileRef;
import dev.flotilla.core.unit.ExecCommand;
import dev.flotilla.core.unit.ExecLine;
import dev.flotilla.core.unit.ExecPrefix;
import dev.flotilla.core.unit.MachineContext;
import dev.flotilla.core.unit.ServiceConfig;
import dev.flotilla.core.unit.Specifiers;
import dev.flotilla.core.unit.TimeSpan;
import dev.flotilla.core.unit.UnitConfig;
import dev.flotilla.core.unit.UnitEditException;
import dev.flotilla.core.unit.UnitFile;
import dev.flotilla.core.unit.UnitName;
import dev.flotilla.core.unit.ValueException;
import dev.flotilla.core.unit.ValueProblem;
import dev.flotilla.node.agent.container.ContainerSpec;
import dev.flotilla.node.agent.process.EnvironmentFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Turns a submitted unit file into what the agent runs, on the machine that runs it: specifiers are resolved for
 * this machine, {@code $VAR}s expanded with the unit's Environment= and the EnvironmentFile= files found here.
 */
public final class UnitSpecs {
    private UnitSpecs() {}

    /** Why a unit file cannot be run here; the message names the key and says what is wrong. */
    public static final class UnitSpecException extends Exception {
        public UnitSpecException(String message) {
            super(message);
        }
    }

    public static ServiceSpec toSpec(String unitName, String text, MachineContext machine) throws UnitSpecException {
        return toSpec(unitName, text, machine, null);
    }

    /**
     * @param root the node's root ({@code --root}): the unit's WorkingDirectory= and EnvironmentFile= resolve under
     *             it and may not leave it; null for the host's /
     */
    public static ServiceSpec toSpec(String unitName, String text, MachineContext machine, Path root)
            throws UnitSpecException {
        UnitName name;
        try {
            name = UnitName.parse(unitName);
        } catch (ValueException e) {
            throw new UnitSpecException(unitName + ": " + e.getMessage());
        }
        UnitFile file = resolveSpecifiers(UnitFile.parse(unitName, text), name, machine);
        ServiceConfig svc = ServiceConfig.of(file);
        Map<String, String> env = new LinkedHashMap<>(svc.environment());
        ServiceSpec.Builder b = ServiceSpec.builder(unitName);
        UnitConfig.of(file).description().ifPresent(b::description);
        b.type(ServiceType.valueOf(svc.type().name()));
        b.remainAfterExit(svc.remainAfterExit());
        svc.environment().forEach(b::environment);
        for (EnvironmentFileRef ref : svc.environmentFiles()) {
            Path envFile = underRoot(root, ref.path(), unitName, "EnvironmentFile");
            b.environmentFile(envFile, ref.optional());
            env.putAll(readEnvironmentFile(envFile));
        }
        String cwd = svc.workingDirectory().filter(w -> !w.equals("~")).orElse(null);
        if (cwd != null) {
            b.workingDirectory(underRoot(root, cwd, unitName, "WorkingDirectory"));
        } else if (root != null) {
            b.workingDirectory(root.toAbsolutePath().normalize());
        }
        b.restart(RestartPolicy.valueOf(svc.restart().name()));
        b.restartSec(finite(svc.restartSec(), Duration.ofMillis(100)));
        // the agent takes zero as "no timeout", as systemd does for TimeoutSec=0
        svc.timeoutStart().ifPresent(t -> b.timeoutStartSec(t.isInfinite() ? Duration.ZERO : t.duration()));
        svc.timeoutStop().ifPresent(t -> b.timeoutStopSec(t.isInfinite() ? Duration.ZERO : t.duration()));
        svc.successExitStatus().statuses().forEach(b::successExitStatus);
        svc.successExitStatus().signals().forEach(s -> b.successSignal(Integer.toString(s)));
        svc.restartPreventExitStatus().statuses().forEach(b::restartPreventExitStatus);
        svc.restartPreventExitStatus().signals().forEach(s -> b.restartPreventSignal(Integer.toString(s)));
        b.killSignal(Integer.toString(svc.killSignal()));
        file.value(ServiceConfig.SECTION, "PIDFile").ifPresent(p -> b.pidFile(Path.of(p)));

        steps(svc.execStartPre(), env, b::execStartPre, "ExecStartPre");
        steps(svc.execStart(), env, b::execStart, "ExecStart");
        steps(svc.execStartPost(), env, b::execStartPost, "ExecStartPost");
        steps(svc.execReload(), env, b::execReload, "ExecReload");
        steps(svc.execStop(), env, b::execStop, "ExecStop");
        steps(svc.execStopPost(), env, b::execStopPost, "ExecStopPost");

        if (file.hasSection(ContainerConfig.SECTION)) {
            ContainerConfig c = ContainerConfig.of(file);
            String image = c.image().orElseThrow(() -> new UnitSpecException(unitName + ": [Container] Image= is required"));
            b.container(new ContainerSpec(image, c.exec(), c.environment(), c.publishPorts(), c.volumes(),
                    c.networks().isEmpty() ? null : c.networks().get(0), c.containerName().orElse(null), c.labels()));
        }
        ServiceSpec spec = b.build();
        List<String> problems = spec.problems();
        if (!problems.isEmpty()) throw new UnitSpecException(unitName + ": " + String.join("; ", problems));
        return spec;
    }

    private static Duration finite(TimeSpan t, Duration fallback) {
        return t == null || t.isInfinite() ? fallback : t.duration();
    }

    private static void steps(List<ExecLine> lines, Map<String, String> env, Consumer<ExecStep> add, String key)
            throws UnitSpecException {
        for (ExecLine line : lines) {
            if (line.hasErrors()) {
                throw new UnitSpecException(key + ": " + line.problems().stream().map(ValueProblem::message)
                        .collect(Collectors.joining("; ")));
            }
            for (ExecCommand cmd : line.commands()) {
                EnumSet<ExecPrefix> others = cmd.prefixes().isEmpty() ? EnumSet.noneOf(ExecPrefix.class)
                        : EnumSet.copyOf(cmd.prefixes());
                others.remove(ExecPrefix.IGNORE_FAILURE);
                List<String> argv = new ArrayList<>(cmd.expand(env));
                // systemd runs "program" with argv[0] from the line; "@" sets a different argv[0], which we cannot
                // pass through ProcessBuilder, so the program path is what runs
                if (!argv.isEmpty()) argv.set(0, cmd.program());
                add.accept(new ExecStep(argv, cmd.ignoresFailure(),
                        others.stream().map(ExecPrefix::name).collect(Collectors.joining(","))));
            }
        }
    }

    /** Resolves %i, %n, %H … in every value, on a copy: the submitted file stays as the user wrote it. */
    static UnitFile resolveSpecifiers(UnitFile original, UnitName name, MachineContext machine)
            throws UnitSpecException {
        UnitFile copy = original.copy();
        for (Entry e : List.copyOf(copy.entries())) {
            if (e.value().indexOf('%') < 0) continue;
            Specifiers.Resolved r = Specifiers.resolve(e.value(), name, machine);
            if (!r.ok()) {
                throw new UnitSpecException(e.key() + " (line " + e.line() + "): "
                        + r.problems().stream().map(ValueProblem::message).collect(Collectors.joining("; ")));
            }
            try {
                copy.setEntry(e, r.value());
            } catch (UnitEditException ex) {
                throw new UnitSpecException(e.key() + " (line " + e.line() + "): " + ex.getMessage());
            }
        }
        return copy;
    }

    /** The file's variables when it can be read here; the agent reports a missing required file at start. */
    static Map<String, String> readEnvironmentFile(Path file) {
        try {
            return EnvironmentFiles.read(file);
        } catch (IOException e) {
            return Map.of();
        }
    }

    /**
     * A path of the unit file, inside the node's root: absolute paths are taken relative to the root, and one that
     * climbs out of it ({@code ..}) is refused rather than followed.
     */
    static Path underRoot(Path root, String path, String unitName, String key) throws UnitSpecException {
        if (root == null) {
            return Path.of(path);
        }
        Path base = root.toAbsolutePath().normalize();
        String relative = path.replaceFirst("^/+", "");
        Path resolved = base.resolve(relative).normalize();
        if (!resolved.startsWith(base)) {
            throw new UnitSpecException(unitName + ": [Service] " + key + "=" + path + " leaves the node's root "
                    + base + "; paths of a unit stay inside it");
        }
        return resolved;
    }
}
