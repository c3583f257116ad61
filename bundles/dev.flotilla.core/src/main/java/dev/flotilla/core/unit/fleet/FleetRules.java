package dev.flotilla.core.unit.fleet;

import dev.flotilla.core.unit.Entry;
import dev.flotilla.core.unit.UnitFile;
import dev.flotilla.core.unit.UnitName;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The scheduling rules of a unit's {@code [X-Fleet]} section, read as fleet (v1.0, the final release) reads them
 * (job/job.go, unit/unit.go):
 * <ul>
 * <li>A value that starts and ends with {@code "} holds several quoted values ({@code "a=1" "b=2"}); otherwise the
 * whole value is one value.</li>
 * <li>{@code MachineID}: the first value; falls back to the deprecated {@code X-ConditionMachineID}, then
 * {@code X-ConditionMachineBootID}.</li>
 * <li>{@code MachineOf}: values of {@code X-ConditionMachineOf} then {@code MachineOf}, each an exact unit name
 * (not split on spaces).</li>
 * <li>{@code MachineMetadata}: see {@link MachineMetadata}; pairs come from {@code X-ConditionMachineMetadata} and
 * {@code MachineMetadata}; a value that is not exactly {@code key=value} with both sides non-empty is ignored.</li>
 * <li>{@code Conflicts}: values of {@code X-Conflicts} then {@code Conflicts}, each split at whitespace; globs.</li>
 * <li>{@code Replaces}: values as they are (fleet does not split them at spaces); globs.</li>
 * <li>{@code Global}: the last value; true for {@code true/yes/1/on/t} in any case, anything else is false.</li>
 * </ul>
 * Specifiers {@code %n %N %p %i} are substituted only by {@link #of(UnitFile, UnitName)} (fleet does it when it
 * schedules a named unit); other specifiers stay literal in fleet.
 */
public record FleetRules(Optional<String> machineId, List<String> machineOf, MachineMetadata machineMetadata,
                         List<String> conflicts, List<String> replaces, boolean global) {
    public static final String SECTION = "X-Fleet";

    static final String MACHINE_ID = "MachineID";
    static final String MACHINE_OF = "MachineOf";
    static final String MACHINE_METADATA = "MachineMetadata";
    static final String CONFLICTS = "Conflicts";
    static final String REPLACES = "Replaces";
    static final String GLOBAL = "Global";
    static final String X_MACHINE_ID = "X-ConditionMachineID";
    static final String X_MACHINE_BOOT_ID = "X-ConditionMachineBootID";
    static final String X_MACHINE_OF = "X-ConditionMachineOf";
    static final String X_MACHINE_METADATA = "X-ConditionMachineMetadata";
    static final String X_CONFLICTS = "X-Conflicts";

    /** Current keys, in fleet's documentation order. */
    public static final List<String> KEYS = List.of(MACHINE_ID, MACHINE_OF, MACHINE_METADATA, CONFLICTS, REPLACES,
            GLOBAL);
    /** Deprecated keys fleet still reads, with their replacement. */
    public static final Map<String, String> DEPRECATED = Map.of(X_MACHINE_ID, MACHINE_ID, X_MACHINE_BOOT_ID, MACHINE_ID,
            X_MACHINE_OF, MACHINE_OF, X_MACHINE_METADATA, MACHINE_METADATA, X_CONFLICTS, CONFLICTS);

    public FleetRules {
        machineOf = List.copyOf(machineOf);
        conflicts = List.copyOf(conflicts);
        replaces = List.copyOf(replaces);
    }

    /** The rules as written (specifiers not substituted), e.g. for validation and display. */
    public static FleetRules of(UnitFile file) {
        return of(file, null);
    }

    /** The rules of a named unit, with fleet's specifier substitution ({@code %n %N %p %i}). */
    public static FleetRules of(UnitFile file, UnitName name) {
        Map<String, List<String>> req = requirements(file, name);
        Optional<String> machineId = first(req, MACHINE_ID).or(() -> first(req, X_MACHINE_ID))
                .or(() -> first(req, X_MACHINE_BOOT_ID));
        List<String> peers = new ArrayList<>(req.getOrDefault(X_MACHINE_OF, List.of()));
        peers.addAll(req.getOrDefault(MACHINE_OF, List.of()));
        Map<String, Set<String>> meta = new LinkedHashMap<>();
        for (String key : List.of(X_MACHINE_METADATA, MACHINE_METADATA)) {
            for (String pair : req.getOrDefault(key, List.of())) {
                String[] kv = metadataPair(pair);
                if (kv != null) {
                    meta.computeIfAbsent(kv[0], k -> new LinkedHashSet<>()).add(kv[1]);
                }
            }
        }
        List<String> conflicts = new ArrayList<>();
        for (String key : List.of(X_CONFLICTS, CONFLICTS)) {
            for (String v : req.getOrDefault(key, List.of())) {
                conflicts.addAll(fields(v));
            }
        }
        List<String> globals = req.getOrDefault(GLOBAL, List.of());
        boolean global = !globals.isEmpty() && isTruthy(globals.get(globals.size() - 1));
        return new FleetRules(machineId, peers, new MachineMetadata(meta), conflicts,
                req.getOrDefault(REPLACES, List.of()), global);
    }

    /** True when the section sets nothing. */
    public boolean isEmpty() {
        return machineId.isEmpty() && machineOf.isEmpty() && machineMetadata.isEmpty() && conflicts.isEmpty()
                && replaces.isEmpty() && !global;
    }

    /** Key → values (multi-value lines split), in file order, as fleet's requirements() sees them. */
    static Map<String, List<String>> requirements(UnitFile file, UnitName name) {
        Map<String, List<String>> req = new LinkedHashMap<>();
        for (Entry e : file.entries(SECTION)) {
            List<String> vals = req.computeIfAbsent(e.key(), k -> new ArrayList<>());
            for (String v : multiValues(e.value())) {
                vals.add(name == null ? v : printf(v, name));
            }
        }
        return req;
    }

    private static Optional<String> first(Map<String, List<String>> req, String key) {
        List<String> v = req.get(key);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /**
     * fleet's parseMultivalueLine: a line starting and ending with {@code "} is split at spaces outside quotes, the
     * quotes dropped; any other line is one value.
     */
    static List<String> multiValues(String line) {
        if (line.length() < 1 || !line.startsWith("\"") || !line.endsWith("\"")) {
            return List.of(line);
        }
        List<String> out = new ArrayList<>();
        StringBuilder v = new StringBuilder();
        boolean within = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                within = !within;
                continue;
            }
            if (c == ' ' && !within) {
                out.add(v.toString());
                v.setLength(0);
                continue;
            }
            v.append(c);
        }
        out.add(v.toString());
        return out;
    }

    /** {key, value} when fleet accepts the pair (exactly one '=', both sides non-empty), else null. */
    static String[] metadataPair(String pair) {
        int eq = pair.indexOf('=');
        if (eq <= 0 || eq == pair.length() - 1 || pair.indexOf('=', eq + 1) >= 0) {
            return null;
        }
        return new String[] {pair.substring(0, eq), pair.substring(eq + 1)};
    }

    /** Go's strings.Fields. */
    static List<String> fields(String v) {
        List<String> out = new ArrayList<>();
        for (String w : v.split("[\\s\\u0085\\u00a0]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** fleet's isTruthyValue. */
    static boolean isTruthy(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        return l.equals("true") || l.equals("yes") || l.equals("1") || l.equals("on") || l.equals("t");
    }

    /** fleet's unitPrintf: plain replacement of %n, %N, %p, %i (no %% escape). */
    public static String printf(String s, UnitName n) {
        String out = s.replace("%n", n.full());
        out = out.replace("%N", n.nameWithoutType());
        out = out.replace("%p", n.prefix());
        return out.replace("%i", n.instance() == null ? "" : n.instance());
    }
}
