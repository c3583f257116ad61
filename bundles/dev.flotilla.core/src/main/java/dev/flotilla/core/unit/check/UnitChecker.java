package dev.flotilla.core.unit.check;

import dev.flotilla.core.unit.Diagnostic;
import dev.flotilla.core.unit.DiagnosticSink;
import dev.flotilla.core.unit.Severity;
import dev.flotilla.core.unit.UnitFile;
import dev.flotilla.core.unit.UnitName;
import dev.flotilla.core.unit.UnitValidator;
import dev.flotilla.core.unit.ValueException;
import dev.flotilla.core.unit.fleet.FleetHash;
import dev.flotilla.core.unit.fleet.FleetValidator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything Flotilla checks before it accepts a unit file, in one call: syntax, the file name as a fleet unit
 * name, systemd-level validation and fleet's {@code [X-Fleet]} rules, plus the fleet hash; {@link #checkAll} adds
 * the checks across units (circular Replaces). A file whose name ends in {@code .conf} is a drop-in: it needs no
 * unit name and need not be a complete unit.
 */
public final class UnitChecker {
    private UnitChecker() { }

    /** The outcome for one file; diagnostics in file order. */
    public record Result(String file, UnitFile unit, UnitName name, boolean dropIn, List<Diagnostic> diagnostics,
                         Optional<String> fleetHash) {
        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }

        public long count(Severity s) {
            return diagnostics.stream().filter(d -> d.severity() == s).count();
        }
    }

    /** Reads and checks a file named after its base name. */
    public static Result check(Path path) throws IOException {
        return check(path.toString(), unitNameOf(path.toString()), Files.readAllBytes(path));
    }

    /**
     * Checks bytes; {@code file} names the file in diagnostics, {@code unitName} is the name fleet would know the unit
     * by (null when unknown: name-dependent checks are skipped).
     */
    public static Result check(String file, String unitName, byte[] bytes) {
        UnitFile unit = UnitFile.parse(file, bytes);
        DiagnosticSink sink = new DiagnosticSink(file);
        unit.syntaxDiagnostics().forEach(sink::add);
        boolean dropIn = unitName != null && unitName.endsWith(".conf");
        UnitName name = null;
        if (unitName != null && !dropIn) {
            try {
                name = UnitName.parse(unitName);
            } catch (ValueException e) {
                sink.add(new Diagnostic(file, 1, 1, Severity.ERROR, null, null, "file name: " + e.getMessage()));
            }
        }
        UnitValidator.validate(unit, name, dropIn, sink);
        FleetHash.Parsed fleetParse = FleetHash.parse(unit.toText());
        FleetValidator.validate(unit, fleetParse, sink);
        List<Diagnostic> ds = new ArrayList<>(sink.diagnostics());
        ds.sort(Diagnostic.ORDER);
        return new Result(file, unit, name, dropIn, List.copyOf(ds), FleetHash.of(fleetParse));
    }

    /** Checks several files, then the rules that span units (circular Replaces among the named ones). */
    public static List<Result> checkAll(List<Result> results) {
        List<FleetValidator.NamedUnit> named = new ArrayList<>();
        for (Result r : results) {
            if (r.name() != null) {
                named.add(new FleetValidator.NamedUnit(r.name(), r.unit()));
            }
        }
        Map<String, List<Diagnostic>> cross = FleetValidator.checkReplaces(named);
        if (cross.isEmpty()) {
            return results;
        }
        List<Result> out = new ArrayList<>();
        for (Result r : results) {
            List<Diagnostic> extra = cross.get(r.file());
            if (extra == null) {
                out.add(r);
                continue;
            }
            List<Diagnostic> ds = new ArrayList<>(r.diagnostics());
            ds.addAll(extra);
            ds.sort(Diagnostic.ORDER);
            out.add(new Result(r.file(), r.unit(), r.name(), r.dropIn(), List.copyOf(ds), r.fleetHash()));
        }
        return out;
    }

    /** The unit name of a path: its last component. */
    public static String unitNameOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
