package dev.flotilla.node.cloudconfig;

import java.util.LinkedHashMap;
import java.util.Map;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The keys of one YAML mapping, taken one by one by the reader; whatever is left at {@link #finish} is reported,
 * so no key is ever silently dropped. Keys match with {@code -} and {@code _} interchangeable, as coreos-cloudinit
 * normalised them ({@code write-files} is {@code write_files}, {@code etcd_servers} is {@code etcd-servers}).
 */
final class Fields {

    /** A key present in the file: its path as written and its value node. */
    record Field(String path, Node key, Node value) {
        Position at() {
            return Position.of(value.getStartMark());
        }

        Position keyAt() {
            return Position.of(key.getStartMark());
        }
    }

    private final String path;
    private final Map<String, Field> remaining = new LinkedHashMap<>();

    Fields(MappingNode mapping, String path) {
        this.path = path;
        for (NodeTuple t : mapping.getValue()) {
            // non-scalar, merge and duplicate keys were already reported by YamlComposer; the first one counts
            if (t.getKeyNode() instanceof ScalarNode key && !key.getTag().equals(Tag.MERGE)) {
                remaining.putIfAbsent(normalize(key.getValue()),
                        new Field(Values.join(path, key.getValue()), key, t.getValueNode()));
            }
        }
    }

    static String normalize(String key) {
        return key.replace('_', '-');
    }

    String path() {
        return path;
    }

    /** The field for {@code key}, or null when absent. */
    Field take(String key) {
        return remaining.remove(normalize(key));
    }

    /**
     * Reports every key not taken: those in {@code ignored} (normalised name to reason) as deliberately ignored,
     * the rest as unknown.
     */
    void finish(Diagnostics diagnostics, Map<String, String> ignored) {
        for (Map.Entry<String, Field> e : remaining.entrySet()) {
            Field f = e.getValue();
            String reason = ignored.get(e.getKey());
            if (reason != null) {
                diagnostics.warning(f.keyAt(), f.path(), "ignored: Flotilla does not act on " + f.path()
                        + (reason.isEmpty() ? "" : " (" + reason + ")"));
            } else {
                diagnostics.warning(f.keyAt(), f.path(), "unknown key, ignored");
            }
        }
        remaining.clear();
    }
}
