package dev.flotilla.node.cli.fleet;

import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.api.FleetUnitOption;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.unit.Diagnostic;
import dev.flotilla.core.unit.UnitName;
import dev.flotilla.core.unit.ValueException;
import dev.flotilla.core.unit.check.UnitChecker;
import dev.flotilla.core.unit.fleet.FleetHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * fleetctl's lazyCreateUnits for submit, load, start and restart: a unit not yet in the cluster is submitted from
 * the local file of that name, or, for an instance {@code a@x.service}, from its template (in the cluster, else the
 * local {@code a@.service} beside it). Unlike fleetctl, every local file is checked with the unit model first, and
 * one bad file stops the command before anything is sent, naming file, line and column.
 */
final class UnitCreation {
    /** Which current desired states {@code --replace} may replace, per verb (fleetctl's checkReplaceUnitState). */
    private static final Map<String, List<String>> REPLACEABLE = Map.of(
            "submit", List.of("inactive"),
            "load", List.of("inactive", "loaded"),
            "start", List.of("inactive", "loaded", "launched"));

    private record Plan(String name, String text, boolean replace) {}

    private final FleetVerb verb;
    private final String command;
    private final boolean replace;

    UnitCreation(FleetVerb verb, String command, boolean replace) {
        this.verb = verb;
        this.command = command;
        this.replace = replace;
    }

    /** Creates what is missing; throws fleetctl's "Error creating units: ..." failure. */
    void createMissing(List<String> args, int attempts) throws ClientException, InterruptedException {
        // local files first, before any request: a bad file stops the command having sent nothing
        List<Diagnostic> local = new ArrayList<>();
        for (String raw : args) {
            String arg = FleetVerb.withDefaultType(raw);
            Path p = Path.of(arg);
            if (Files.isRegularFile(p)) {
                check(new Source(arg, read("failed getting Unit(" + arg + ") from file", p)), FleetVerb.mangle(arg),
                        local);
            }
        }
        refuseIfInvalid(local);
        local.forEach(d -> verb.stderr(d.format()));
        List<Plan> plans = new ArrayList<>();
        List<Diagnostic> problems = new ArrayList<>();
        for (String raw : args) {
            String arg = FleetVerb.withDefaultType(raw);
            String name = FleetVerb.mangle(arg);
            Optional<FleetUnit> existing = verb.client().unit(name);
            if (existing.isPresent()) {
                Plan p = checkExisting(arg, existing.get(), problems);
                if (p != null) {
                    plans.add(p);
                }
                continue;
            }
            Source src = source(arg, name);
            check(src, name, problems);
            plans.add(new Plan(name, src.text, false));
        }
        refuseIfInvalid(problems);
        // warnings of local files were printed above; those of templates from the cluster are printed now
        problems.stream().filter(d -> !local.contains(d)).forEach(d -> verb.stderr(d.format()));
        List<String> created = new ArrayList<>();
        for (Plan p : plans) {
            try {
                verb.client().submit(p.name, options(p.text), p.replace ? "inactive" : null, p.replace);
            } catch (ClientException e) {
                throw FleetVerb.fail("Error creating units: failed creating unit " + p.name + ": " + e.getMessage());
            }
            created.add(p.name);
        }
        if (attempts >= 0) {
            List<String> late = new UnitWaiter(verb).waitForState(created, "inactive", attempts);
            for (String n : late) {
                verb.stderr("Error waiting on unit creation: timed out waiting for unit " + n + " to report state inactive");
            }
            if (!late.isEmpty()) {
                throw FleetVerb.fail("Error creating units: One or more errors creating units");
            }
        }
    }

    /** Prints the diagnostics; with any error, ends the command (fleetctl's "Error creating units: ..."). */
    private void refuseIfInvalid(List<Diagnostic> problems) {
        if (problems.stream().noneMatch(Diagnostic::isError)) {
            return;
        }
        for (Diagnostic d : problems) {
            verb.stderr(d.format());
        }
        long files = problems.stream().filter(Diagnostic::isError).map(Diagnostic::file).distinct().count();
        throw FleetVerb.fail("Error creating units: " + files + " invalid unit file" + (files == 1 ? "" : "s")
                + "; nothing was submitted");
    }

    private Plan checkExisting(String arg, FleetUnit unit, List<Diagnostic> problems) throws ClientException {
        Path local = Path.of(arg);
        Path compared = Files.isRegularFile(local) ? local : templateBeside(arg);
        if (compared == null) {
            return null; // nothing local to compare: the unit in the cluster is the one meant
        }
        String text = read(compared.toString(), compared);
        boolean different = !FleetHash.parse(text).options().equals(toHash(unit.options()));
        if (!different) {
            if (replace) {
                verb.stdout("Found same Unit(" + unit.name() + ") in Registry, nothing to do");
            }
            return null;
        }
        if (!replace) {
            verb.stderr("WARNING: Unit " + unit.name() + " in registry differs from local "
                    + (compared == local ? "" : "template ") + "unit file " + arg + ". Add --replace to override.");
            return null;
        }
        List<String> allowed = REPLACEABLE.get(command);
        if (allowed == null) {
            throw FleetVerb.fail("Error creating units: error: replacing units is not supported in this context");
        }
        if (!allowed.contains(unit.desiredState())) {
            verb.stderr("Warning: can not replace Unit(" + unit.name() + ") in state '" + unit.desiredState()
                    + "', use the appropriate command");
            return null;
        }
        check(new Source(compared.toString(), text), unit.name(), problems);
        return new Plan(unit.name(), text, true);
    }

    private record Source(String file, String text) {}

    private Source source(String arg, String name) throws ClientException {
        Path local = Path.of(arg);
        if (Files.exists(local)) {
            return new Source(arg, read("failed getting Unit(" + arg + ") from file", local));
        }
        UnitName un;
        try {
            un = UnitName.parse(name);
        } catch (ValueException e) {
            throw FleetVerb.fail("Error creating units: error extracting information from unit name " + name
                    + ": " + e.getMessage());
        }
        if (!un.isInstance()) {
            throw FleetVerb.fail("Error creating units: unable to find Unit(" + name
                    + ") in Registry or on filesystem");
        }
        String template = un.template().full();
        Optional<FleetUnit> inCluster = verb.client().unit(template);
        if (inCluster.isPresent()) {
            return new Source(template, FleetHash.serialize(toHash(inCluster.get().options())));
        }
        Path beside = templateBeside(arg);
        if (beside == null) {
            throw FleetVerb.fail("Error creating units: failed getting Unit(" + arg + ") from template: unable to "
                    + "find template Unit(" + template + ") in Registry or on filesystem");
        }
        return new Source(beside.toString(), read("unable to load template Unit(" + template + ") from file", beside));
    }

    /** The local template file of an instance argument ({@code dir/a@x.service} → {@code dir/a@.service}), or null. */
    private static Path templateBeside(String arg) {
        String base = FleetVerb.mangle(arg);
        int at = base.indexOf('@');
        int dot = base.lastIndexOf('.');
        if (at < 0 || dot < at || at + 1 == dot) {
            return null;
        }
        Path dir = Path.of(arg).getParent();
        String template = base.substring(0, at + 1) + base.substring(dot);
        Path p = dir == null ? Path.of(template) : dir.resolve(template);
        return Files.isRegularFile(p) ? p : null;
    }

    private static String read(String what, Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw FleetVerb.fail("Error creating units: " + what + ": " + e.getMessage());
        }
    }

    private static void check(Source src, String name, List<Diagnostic> problems) {
        UnitChecker.Result r = UnitChecker.check(src.file, name, src.text.getBytes(StandardCharsets.UTF_8));
        problems.addAll(r.diagnostics());
    }

    static List<FleetUnitOption> options(String text) {
        return FleetHash.parse(text).options().stream()
                .map(o -> new FleetUnitOption(o.name(), o.section(), o.value())).toList();
    }

    static List<FleetHash.Option> toHash(List<FleetUnitOption> options) {
        return options.stream().map(o -> new FleetHash.Option(o.section(), o.name(),
                o.value() == null ? "" : o.value())).toList();
    }
}
