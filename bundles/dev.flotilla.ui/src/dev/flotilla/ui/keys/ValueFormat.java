package dev.flotilla.ui.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** How values are shown: one line in the tree, JSON pretty-printed in the editor and compacted for saving. */
final class ValueFormat {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CELL = 160;

    private ValueFormat() {
    }

    /** The value on one line, cut at {@value #MAX_CELL} characters. */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String oneLine = value.replace("\r", "").replace('\n', '\u21B5');
        return oneLine.length() > MAX_CELL ? oneLine.substring(0, MAX_CELL) + "…" : oneLine;
    }

    /** Whether the value is a JSON object or array (what is worth pretty-printing). */
    static boolean isJson(String value) {
        return parse(value) != null;
    }

    /** JSON objects and arrays pretty-printed, anything else as it is. */
    static String pretty(String value) {
        JsonNode tree = parse(value);
        if (tree == null) {
            return value == null ? "" : value;
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            return value;
        }
    }

    /**
     * The edited text as one line of JSON, the way programs write values.
     *
     * @throws IllegalArgumentException naming line and column when the text is not JSON
     */
    static String compact(String text) {
        try {
            return JSON.writeValueAsString(JSON.readTree(text));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
    }

    private static JsonNode parse(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        if (!(trimmed.startsWith("{") || trimmed.startsWith("["))) {
            return null;
        }
        try {
            return JSON.readTree(trimmed);
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }
}
