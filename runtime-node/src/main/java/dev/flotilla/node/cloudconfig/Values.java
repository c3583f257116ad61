package dev.flotilla.node.cloudconfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed reads of YAML nodes. A wrong type is an error naming the key path and what was found; a YAML null
 * ({@code key:} with nothing after it) reads as absent. Scalars read as strings exactly as written, so
 * {@code permissions: 0644} stays the text {@code 0644} rather than YAML 1.1's integer 420.
 */
final class Values {

    private final Diagnostics diagnostics;
    private final Substitution substitution;

    Values(Diagnostics diagnostics, Substitution substitution) {
        this.diagnostics = diagnostics;
        this.substitution = substitution;
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static boolean isNull(Node node) {
        return node == null || (node instanceof ScalarNode && node.getTag().equals(Tag.NULL));
    }

    static Position at(Node node) {
        return Position.of(node.getStartMark());
    }

    /** How a node reads to a user: {@code a mapping}, {@code a list}, {@code "bogus"}. */
    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof ScalarNode s) {
            if (s.getTag().equals(Tag.NULL)) {
                return "nothing";
            }
            String v = s.getValue();
            if (v.length() > 60) {
                v = v.substring(0, 57) + "...";
            }
            return quote(v);
        }
        return "an unexpected value";
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    void typeError(Node node, String path, String expected) {
        diagnostics.error(at(node), path, "expected " + expected + ", got " + describe(node));
    }

    MappingNode mapping(Node node, String path) {
        if (isNull(node)) {
            return null;
        }
        if (node instanceof MappingNode m) {
            return m;
        }
        typeError(node, path, "a mapping of keys");
        return null;
    }

    /** A list item that must be a mapping; unlike a key's value, an empty item is an error. */
    MappingNode item(Node node, String path) {
        if (node instanceof MappingNode m) {
            return m;
        }
        typeError(node, path, "a mapping of keys");
        return null;
    }

    /** The items of a list; absent or null is an empty list. */
    List<Node> list(Node node, String path) {
        if (isNull(node)) {
            return List.of();
        }
        if (node instanceof SequenceNode s) {
            return s.getValue();
        }
        typeError(node, path, "a list");
        return List.of();
    }

    /** A string value with address substitution applied. */
    Optional<String> string(Node node, String path) {
        return raw(node, path).map(v -> substitution.apply(v, at(node), path));
    }

    /** A string value exactly as written, no substitution. */
    Optional<String> raw(Node node, String path) {
        if (isNull(node)) {
            return Optional.empty();
        }
        if (node instanceof ScalarNode s) {
            return Optional.of(s.getValue());
        }
        typeError(node, path, "a string");
        return Optional.empty();
    }

    Optional<Boolean> bool(Node node, String path) {
        if (isNull(node)) {
            return Optional.empty();
        }
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
            String v = s.getValue().toLowerCase(java.util.Locale.ROOT);
            return Optional.of(v.equals("true") || v.equals("yes") || v.equals("on") || v.equals("y"));
        }
        typeError(node, path, "true or false");
        return Optional.empty();
    }

    /** A whole number within [min, max]; quoted digits are accepted, as coreos-cloudinit accepted them. */
    Optional<Integer> integer(Node node, String path, long min, long max) {
        if (isNull(node)) {
            return Optional.empty();
        }
        if (node instanceof ScalarNode s) {
            String v = s.getValue().strip();
            if (v.matches("[+-]?[0-9]{1,18}")) {
                long n = Long.parseLong(v);
                if (n >= min && n <= max) {
                    return Optional.of((int) n);
                }
                diagnostics.error(at(node), path, "expected a whole number from " + min + " to " + max + ", got "
                        + v);
                return Optional.empty();
            }
        }
        typeError(node, path, "a whole number");
        return Optional.empty();
    }

    /** A positive decimal number (seconds). */
    Optional<Double> positiveNumber(Node node, String path) {
        if (isNull(node)) {
            return Optional.empty();
        }
        if (node instanceof ScalarNode s) {
            String v = s.getValue().strip();
            if (v.matches("[+]?([0-9]{1,12}(\\.[0-9]{0,9})?|\\.[0-9]{1,9})")) {
                double d = Double.parseDouble(v);
                if (d > 0) {
                    return Optional.of(d);
                }
            }
        }
        typeError(node, path, "a positive number of seconds");
        return Optional.empty();
    }

    /** A list of strings; each element must be a scalar. */
    List<String> stringList(Node node, String path) {
        List<String> out = new ArrayList<>();
        List<Node> items = list(node, path);
        for (int i = 0; i < items.size(); i++) {
            string(items.get(i), path + "[" + i + "]").ifPresent(out::add);
        }
        return out;
    }

    /** Comma-separated values in one string (etcd's flag form) or, leniently, a YAML list of them. */
    List<String> commaList(Node node, String path) {
        List<String> out = new ArrayList<>();
        if (node instanceof SequenceNode) {
            for (String item : stringList(node, path)) {
                splitInto(item, out);
            }
        } else {
            string(node, path).ifPresent(v -> splitInto(v, out));
        }
        return out;
    }

    private static void splitInto(String value, List<String> out) {
        for (String part : value.split(",", -1)) {
            String p = part.strip();
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
    }
}
