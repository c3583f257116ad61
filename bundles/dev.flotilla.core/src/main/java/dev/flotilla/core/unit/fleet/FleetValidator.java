package dev.flotilla.core.unit.fleet;

import dev.flotilla.core.unit.Diagnostic;
import dev.flotilla.core.unit.DiagnosticSink;
import dev.flotilla.core.unit.Element;
import dev.flotilla.core.unit.Entry;
import dev.flotilla.core.unit.RawLine;
import dev.flotilla.core.unit.Severity;
import dev.flotilla.core.unit.SystemdKeys;
import dev.flotilla.core.unit.UnitFile;
import dev.flotilla.core.unit.UnitName;
import dev.flotilla.core.unit.ValueProblem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks a unit the way fleet accepts it: {@code fleetctl}'s ValidateRequirements (unknown {@code [X-Fleet]} keys)
 * and the API's ValidateOptions (options that cannot be combined), as documented in fleet's final
 * unit-files-and-scheduling.md:
 * <ul>
 * <li>{@code Global=true} may only come with {@code MachineMetadata} and {@code Conflicts}: MachineID, MachineOf and
 * Replaces beside it are errors;</li>
 * <li>{@code MachineID} cannot be combined with MachineOf, Conflicts, Global or Replaces;</li>
 * <li>{@code Replaces} cannot be combined with Conflicts (nor Global);</li>
 * <li>a MachineOf peer matching a Conflicts or Replaces glob is unresolvable;</li>
 * <li>circular Replaces across units ({@link #checkReplaces}).</li>
 * </ul>
 * Like fleet, the combination checks look at the values as written (specifiers not substituted). Deprecated keys,
 * metadata fleet silently ignores, specifiers fleet leaves literal and suspicious machine IDs are warnings.
 */
public final class FleetValidator {
    /** go-systemd, which fleet parses units with, refuses lines of this many bytes or more. */
    public static final int LINE_MAX = 2048;
    private static final Pattern MACHINE_ID = Pattern.compile("[0-9a-fA-F]{32}");

    private FleetValidator() { }

    public static List<Diagnostic> validate(UnitFile file) {
        DiagnosticSink sink = new DiagnosticSink(file.fileName());
        validate(file, sink);
        return sink.diagnostics();
    }

    public static void validate(UnitFile file, DiagnosticSink sink) {
        validate(file, FleetHash.parse(file.toText()), sink);
    }

    /** Validates with fleet's own parse of the file already at hand (see {@link FleetHash#parse}). */
    public static void validate(UnitFile file, FleetHash.Parsed fleetParse, DiagnosticSink sink) {
        checkLineLength(file, sink);
        checkFleetCanRead(file, fleetParse, sink);
        Map<String, Entry> firstOf = new LinkedHashMap<>();
        for (Entry e : file.entries(FleetRules.SECTION)) {
            String key = e.key();
            if (FleetRules.DEPRECATED.containsKey(key)) {
                sink.atKey(e, Severity.WARNING, key + " is deprecated since fleet 0.8.0; use "
                        + FleetRules.DEPRECATED.get(key) + "=");
            } else if (!FleetRules.KEYS.contains(key)) {
                sink.atKey(e, Severity.ERROR, "unknown [X-Fleet] option " + key + "; fleet refuses the unit. Expected "
                        + String.join(", ", FleetRules.KEYS) + hintFor(key));
                continue;
            }
            firstOf.putIfAbsent(canonical(key), e);
            checkValue(e, sink);
        }
        checkCombinations(file, firstOf, sink);
    }

    private static String hintFor(String key) {
        for (String s : List.of("Unit", "Service", "Install", "Socket", "Timer", "Path", "Mount")) {
            if (SystemdKeys.isKnownKey(s, key)) {
                return " (" + key + " belongs in [" + s + "])";
            }
        }
        String best = null;
        for (String k : FleetRules.KEYS) {
            if (k.equalsIgnoreCase(key)) {
                best = k;
            }
        }
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    private static String canonical(String key) {
        return switch (key) {
            case FleetRules.X_MACHINE_ID, FleetRules.X_MACHINE_BOOT_ID -> FleetRules.MACHINE_ID;
            case FleetRules.X_MACHINE_OF -> FleetRules.MACHINE_OF;
            case FleetRules.X_MACHINE_METADATA -> FleetRules.MACHINE_METADATA;
            case FleetRules.X_CONFLICTS -> FleetRules.CONFLICTS;
            default -> key;
        };
    }

    private static void checkValue(Entry e, DiagnosticSink sink) {
        String key = canonical(e.key());
        if (e.isEmpty()) {
            sink.warning(e, "empty value: fleet does not reset [X-Fleet] options, "
                    + (key.equals(FleetRules.MACHINE_OF) ? "it reads a peer with an empty name" : "it has no effect"));
            return;
        }
        String v = e.value();
        for (int i = v.indexOf('%'); i >= 0 && i + 1 < v.length(); i = v.indexOf('%', i + 2)) {
            char s = v.charAt(i + 1);
            if ("nNpi".indexOf(s) < 0) {
                sink.add(e, ValueProblem.warning(i, "fleet substitutes only %n, %N, %p and %i in [X-Fleet]; %" + s
                        + " stays literally in the value"));
            }
        }
        List<String> values = FleetRules.multiValues(v);
        switch (key) {
            case FleetRules.MACHINE_METADATA -> {
                for (String pair : values) {
                    String[] kv = FleetRules.metadataPair(pair);
                    if (kv == null) {
                        sink.warning(e, "fleet ignores metadata " + quote(pair)
                                + ": expected key=value with exactly one '=' and both sides non-empty");
                    } else if (kv[0].matches(".*[<>!~]$")) {
                        char op = kv[0].charAt(kv[0].length() - 1);
                        sink.warning(e, "fleet has no metadata operators: " + quote(pair) + " is read as key "
                                + quote(kv[0]) + " equal to " + quote(kv[1]) + ", not as '" + op
                                + "=' (that syntax only existed in an unmerged fleet proposal)");
                    }
                }
            }
            case FleetRules.MACHINE_ID -> {
                for (String id : values) {
                    if (id.indexOf('%') < 0 && !MACHINE_ID.matcher(id).matches()) {
                        sink.warning(e, "machine ID " + quote(id) + " is not 32 hex digits; fleet needs the full ID "
                                + "from 'fleetctl list-machines -l', so no machine will match");
                    }
                }
            }
            case FleetRules.MACHINE_OF, FleetRules.REPLACES -> {
                for (String name : values) {
                    if (FleetRules.fields(name).size() > 1) {
                        sink.warning(e, "fleet does not split " + key + " at spaces: " + quote(name)
                                + " is read as one unit name; put each unit on its own " + key + "= line");
                    }
                }
            }
            case FleetRules.GLOBAL -> {
                String last = values.get(values.size() - 1);
                if (!FleetRules.isTruthy(last) && !last.matches("(?i)false|no|0|off|f")) {
                    sink.warning(e, "fleet reads " + quote(last) + " as false; expected true or false");
                }
            }
            default -> { }
        }
        if (key.equals(FleetRules.CONFLICTS) || key.equals(FleetRules.REPLACES)) {
            for (String val : values) {
                for (String g : key.equals(FleetRules.CONFLICTS) ? FleetRules.fields(val) : List.of(val)) {
                    if (!FleetGlob.isWellFormed(g)) {
                        sink.warning(e, "malformed glob " + quote(g) + " matches no unit in fleet");
                    }
                }
            }
        }
    }

    private static void checkCombinations(UnitFile file, Map<String, Entry> firstOf, DiagnosticSink sink) {
        FleetRules r = FleetRules.of(file);
        Entry machineId = r.machineId().isPresent() ? firstOf.get(FleetRules.MACHINE_ID) : null;
        Entry peers = r.machineOf().isEmpty() ? null : firstOf.get(FleetRules.MACHINE_OF);
        Entry conflicts = r.conflicts().isEmpty() ? null : firstOf.get(FleetRules.CONFLICTS);
        Entry replaces = r.replaces().isEmpty() ? null : firstOf.get(FleetRules.REPLACES);
        Entry global = r.global() ? file.lastEntry(FleetRules.SECTION, FleetRules.GLOBAL).orElse(null) : null;

        for (String peer : new TreeSet<>(r.machineOf())) {
            for (String c : r.conflicts()) {
                if (FleetGlob.matches(c, peer)) {
                    sink.error(peers, "unresolvable requirements: MachineOf peer " + quote(peer)
                            + " matches Conflicts glob " + quote(c) + " (line " + conflicts.line() + ")");
                }
            }
            for (String rep : r.replaces()) {
                if (FleetGlob.matches(rep, peer)) {
                    sink.error(peers, "unresolvable requirements: MachineOf peer " + quote(peer)
                            + " matches Replaces glob " + quote(rep) + " (line " + replaces.line() + ")");
                }
            }
        }
        pair(sink, machineId, peers, "MachineID cannot be used with MachineOf");
        pair(sink, machineId, conflicts, "MachineID cannot be used with Conflicts");
        pair(sink, machineId, global, "MachineID cannot be used with Global=true");
        pair(sink, machineId, replaces, "MachineID cannot be used with Replaces");
        pair(sink, global, peers, "Global=true cannot be used with MachineOf; only MachineMetadata and Conflicts may "
                + "accompany Global=true");
        pair(sink, global, replaces, "Global=true cannot be used with Replaces; only MachineMetadata and Conflicts may "
                + "accompany Global=true");
        pair(sink, conflicts, replaces, "Conflicts cannot be used with Replaces");
    }

    /** Reports an invalid combination at the later of the two entries, naming the line of the other. */
    private static void pair(DiagnosticSink sink, Entry a, Entry b, String message) {
        if (a == null || b == null) {
            return;
        }
        Entry later = a.line() >= b.line() ? a : b;
        Entry other = later == a ? b : a;
        sink.error(later, message + " (" + other.key() + " at line " + other.line() + ")");
    }

    /**
     * fleet reads units with go-systemd's parser, which differs from systemd's: a comment line inside a backslash
     * continuation is not skipped but ends the value, so the next continued line becomes a line without '='. When
     * the file has no syntax error of its own but go-systemd would refuse it, fleet refuses the unit.
     */
    private static void checkFleetCanRead(UnitFile file, FleetHash.Parsed p, DiagnosticSink sink) {
        if (p.ok() || file.syntaxDiagnostics().stream().anyMatch(Diagnostic::isError)) {
            return; // readable, or already reported in systemd's terms
        }
        String hint = p.error().startsWith("unexpected newline")
                ? "; fleet's parser does not skip comment lines inside a backslash continuation, move the comment "
                + "out of the continued value"
                : "";
        sink.add(new Diagnostic(file.fileName(), p.errorLine(), 1, Severity.ERROR, null, null,
                "fleet cannot read this file (its unit parser reports: " + p.error() + ")" + hint));
    }

    private static void checkLineLength(UnitFile file, DiagnosticSink sink) {
        for (Element el : file.elements()) {
            int line = el.line();
            for (RawLine l : el.rawLines()) {
                int len = l.text().length() < LINE_MAX / 4 ? l.text().length()
                        : l.text().getBytes(StandardCharsets.UTF_8).length;
                if (len >= LINE_MAX) {
                    sink.add(new Diagnostic(file.fileName(), line, LINE_MAX, Severity.ERROR, el.section(),
                            el instanceof Entry en ? en.key() : null, "line is " + len + " bytes long; fleet (and "
                            + "systemd before v232) refuse lines of " + LINE_MAX + " bytes or more; split it with "
                            + "a trailing backslash"));
                }
                line++;
            }
        }
    }

    /** A unit and its name, for the checks that span several units. */
    public record NamedUnit(UnitName name, UnitFile file) { }

    /**
     * Refuses circular {@code Replaces} among {@code units} (fleet: "A circular replacement between multiple units is
     * not allowed"): unit A replacing B (B's name matches one of A's Replaces globs, specifiers substituted) and B,
     * directly or through others, replacing A; a unit whose Replaces matches itself is a cycle too. Returns an error
     * at the Replaces line of every unit on a cycle, keyed by file name.
     */
    public static Map<String, List<Diagnostic>> checkReplaces(Collection<NamedUnit> units) {
        List<NamedUnit> list = new ArrayList<>(units);
        int n = list.size();
        List<List<Integer>> edges = new ArrayList<>();
        for (NamedUnit u : list) {
            List<Integer> out = new ArrayList<>();
            List<String> globs = FleetRules.of(u.file(), u.name()).replaces();
            for (int j = 0; j < n; j++) {
                String other = list.get(j).name().full();
                for (String g : globs) {
                    if (FleetGlob.matches(g, other)) {
                        out.add(j);
                        break;
                    }
                }
            }
            edges.add(out);
        }
        Map<String, List<Diagnostic>> result = new LinkedHashMap<>();
        int[] state = new int[n]; // 0 new, 1 on stack, 2 done
        int[] parent = new int[n];
        for (int s = 0; s < n; s++) {
            if (state[s] == 0) {
                dfs(s, edges, state, parent, list, result);
            }
        }
        return result;
    }

    private static void dfs(int u, List<List<Integer>> edges, int[] state, int[] parent, List<NamedUnit> list,
                            Map<String, List<Diagnostic>> result) {
        state[u] = 1;
        for (int v : edges.get(u)) {
            if (state[v] == 0) {
                parent[v] = u;
                dfs(v, edges, state, parent, list, result);
            } else if (state[v] == 1) {
                List<Integer> cycle = new ArrayList<>();
                for (int w = u; w != v; w = parent[w]) {
                    cycle.add(0, w);
                }
                cycle.add(0, v);
                StringBuilder path = new StringBuilder();
                for (int w : cycle) {
                    path.append(list.get(w).name().full()).append(" -> ");
                }
                path.append(list.get(v).name().full());
                for (int w : cycle) {
                    NamedUnit nu = list.get(w);
                    Entry at = nu.file().entries(FleetRules.SECTION, FleetRules.REPLACES).get(0);
                    result.computeIfAbsent(nu.file().fileName(), k -> new ArrayList<>()).add(new Diagnostic(
                            nu.file().fileName(), at.line(), at.column(), Severity.ERROR, FleetRules.SECTION,
                            FleetRules.REPLACES, "circular Replaces: " + path + "; fleet does not allow units to "
                            + "replace each other"));
                }
            }
        }
        state[u] = 2;
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
