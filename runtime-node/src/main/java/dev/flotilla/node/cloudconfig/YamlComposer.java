package dev.flotilla.node.cloudconfig;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Turns text into a SnakeYAML node tree, safely: the text is only composed (never constructed into objects, so no
 * type in the file is ever instantiated), aliases to collections, nesting depth and size are limited, and every
 * failure becomes a diagnostic with a line and column. It then checks what YAML allows but a cloud-config must not
 * have: non-standard tags, non-scalar keys, merge keys and duplicate keys.
 */
final class YamlComposer {

    /** Billion-laughs defence: a real cloud-config has no reason to alias collections more than a few times. */
    static final int MAX_ALIASES_FOR_COLLECTIONS = 20;
    static final int MAX_NESTING_DEPTH = 32;
    static final int MAX_CODE_POINTS = CloudConfigLoader.MAX_FILE_BYTES;

    private static final Set<Tag> STANDARD_TAGS = Set.of(Tag.STR, Tag.INT, Tag.BOOL, Tag.FLOAT, Tag.NULL,
            Tag.MAP, Tag.SEQ, Tag.BINARY, Tag.TIMESTAMP, Tag.MERGE, Tag.SET, Tag.OMAP, Tag.PAIRS);

    private YamlComposer() {
    }

    static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES_FOR_COLLECTIONS);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setMergeOnCompose(false);
        options.setProcessComments(false);
        // composing never consults it, but should anything ever construct from these options: no global tags
        options.setTagInspector(tag -> false);
        return options;
    }

    /** Returns the document's root node, or null when the document is empty or could not be composed. */
    static Node compose(String text, Diagnostics diagnostics) {
        LoaderOptions options = loaderOptions();
        Node root;
        StreamReader reader = new StreamReader(new StringReader(text));
        try {
            Composer composer = new Composer(new ParserImpl(reader, options), new Resolver(), options);
            root = composer.getSingleNode();
        } catch (MarkedYAMLException e) {
            diagnostics.error(positionOf(e), "", describe(e));
            return null;
        } catch (ReaderException e) {
            diagnostics.error(positionOfCodePoint(text, e.getPosition()), "",
                    "character U+" + String.format("%04X", e.getCodePoint()) + " is not allowed in YAML");
            return null;
        } catch (RuntimeException | StackOverflowError e) {
            // YAMLException without a mark (nesting or size limit), or anything unexpected: still a diagnostic, never
            // a crash, placed where the reader had got to
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            Position at;
            try {
                at = Position.of(reader.getMark());
            } catch (RuntimeException markFailed) {
                at = Position.NONE;
            }
            diagnostics.error(at, "", "invalid YAML: " + message.strip());
            return null;
        }
        if (root != null) {
            checkStructure(root, diagnostics);
        }
        return root;
    }

    private static Position positionOf(MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        return Position.of(mark);
    }

    private static String describe(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem().strip();
        String context = e.getContext();
        StringBuilder b = new StringBuilder("invalid YAML: ").append(problem);
        if (context != null && !context.isBlank()) {
            b.append(" (").append(context.strip());
            Mark cm = e.getContextMark();
            if (cm != null && e.getProblemMark() != null && cm.getLine() != e.getProblemMark().getLine()) {
                b.append(" started at line ").append(cm.getLine() + 1);
            }
            b.append(')');
        }
        return b.toString();
    }

    private static Position positionOfCodePoint(String text, int codePointIndex) {
        int line = 1;
        int col = 1;
        int cp = 0;
        for (int i = 0; i < text.length() && cp < codePointIndex; cp++) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new Position(line, col);
    }

    /** Walks every distinct node once (aliases share nodes, so this stays linear however they are nested). */
    private static void checkStructure(Node root, Diagnostics diagnostics) {
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object[]> todo = new ArrayDeque<>();
        todo.push(new Object[] {root, ""});
        while (!todo.isEmpty()) {
            Object[] item = todo.pop();
            Node node = (Node) item[0];
            String path = (String) item[1];
            if (seen.put(node, Boolean.TRUE) != null) {
                continue;
            }
            if (!STANDARD_TAGS.contains(node.getTag())) {
                diagnostics.error(Position.of(node.getStartMark()), path,
                        "YAML tag " + node.getTag().getValue() + " is not allowed (only plain YAML values)");
                continue;
            }
            if (node instanceof SequenceNode seq) {
                for (int i = seq.getValue().size() - 1; i >= 0; i--) {
                    todo.push(new Object[] {seq.getValue().get(i), path + "[" + i + "]"});
                }
            } else if (node instanceof MappingNode map) {
                Map<String, Node> keys = new LinkedHashMap<>();
                List<NodeTuple> tuples = map.getValue();
                for (int i = tuples.size() - 1; i >= 0; i--) {
                    NodeTuple t = tuples.get(i);
                    Node key = t.getKeyNode();
                    if (key.getTag().equals(Tag.MERGE)) {
                        diagnostics.error(Position.of(key.getStartMark()), path,
                                "YAML merge keys (<<) are not supported; write the keys out");
                        continue;
                    }
                    if (!(key instanceof ScalarNode scalarKey)) {
                        diagnostics.error(Position.of(key.getStartMark()), path,
                                "a key must be a plain string, got " + Values.describe(key)
                                        + " (an unquoted {{...}} or {...} placeholder is a YAML mapping)");
                        continue;
                    }
                    String childPath = Values.join(path, scalarKey.getValue());
                    todo.push(new Object[] {t.getValueNode(), childPath});
                }
                for (NodeTuple t : tuples) {
                    if (t.getKeyNode() instanceof ScalarNode key && !key.getTag().equals(Tag.MERGE)) {
                        Node first = keys.putIfAbsent(Fields.normalize(key.getValue()), key);
                        if (first != null) {
                            diagnostics.error(Position.of(key.getStartMark()), Values.join(path, key.getValue()),
                                    "duplicate key (first given at line " + (first.getStartMark().getLine() + 1)
                                            + ")");
                        }
                    }
                }
            }
        }
    }
}
