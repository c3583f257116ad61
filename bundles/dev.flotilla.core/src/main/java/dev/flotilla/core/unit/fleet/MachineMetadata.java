package dev.flotilla.core.unit.fleet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What {@code MachineMetadata} requires of a machine, exactly as fleet evaluates it (job.RequiredTargetMetadata and
 * machine.HasMetadata): every {@code key=value} pair of every MachineMetadata line is collected into one map from key
 * to the set of accepted values. A machine is eligible when, <em>for every key</em>, its metadata has that key and
 * its value is <em>one of</em> the accepted values. So pairs with different keys are ANDed, values of the same key
 * are ORed, and how the pairs are spread over lines does not matter:
 *
 * <pre>
 * MachineMetadata="region=us-east-1" "diskType=SSD"
 * MachineMetadata=region=us-west-1
 * </pre>
 * means {@code diskType=SSD AND (region=us-east-1 OR region=us-west-1)}. A clause is a key with its values; the
 * whole is a conjunction of clauses (conjunctive normal form). An empty requirement matches every machine.
 */
public final class MachineMetadata {
    public static final MachineMetadata NONE = new MachineMetadata(Map.of());

    private final Map<String, Set<String>> clauses;

    MachineMetadata(Map<String, Set<String>> clauses) {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        clauses.forEach((k, v) -> copy.put(k, Collections.unmodifiableSet(new LinkedHashSet<>(v))));
        this.clauses = Collections.unmodifiableMap(copy);
    }

    /** Key → accepted values, keys in order of first appearance. */
    public Map<String, Set<String>> clauses() {
        return clauses;
    }

    public boolean isEmpty() {
        return clauses.isEmpty();
    }

    /** True when a machine with this metadata may run the unit. */
    public boolean matches(Map<String, String> machineMetadata) {
        for (Map.Entry<String, Set<String>> c : clauses.entrySet()) {
            String have = machineMetadata.get(c.getKey());
            if (have == null || !c.getValue().contains(have)) {
                return false;
            }
        }
        return true;
    }

    /** Readable form, e.g. {@code diskType=SSD AND (region=us-east-1 OR region=us-west-1)}. */
    @Override
    public String toString() {
        if (clauses.isEmpty()) {
            return "(any machine)";
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Set<String>> c : clauses.entrySet()) {
            if (b.length() > 0) {
                b.append(" AND ");
            }
            if (c.getValue().size() > 1) {
                b.append('(');
            }
            int i = 0;
            for (String v : c.getValue()) {
                if (i++ > 0) {
                    b.append(" OR ");
                }
                b.append(c.getKey()).append('=').append(v);
            }
            if (c.getValue().size() > 1) {
                b.append(')');
            }
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MachineMetadata m && m.clauses.equals(clauses);
    }

    @Override
    public int hashCode() {
        return clauses.hashCode();
    }
}
