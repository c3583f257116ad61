package dev.flotilla.ui.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** How values are shown: one line in the tree, pretty-printed JSON in the details pane. */
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

    /** JSON objects and arrays pretty-printed, anything else as it is. */
    static String detail(String value) {
        if (value == null) {
            return "";
        }
        String trimmed = value.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                JsonNode tree = JSON.readTree(trimmed);
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
            } catch (JsonProcessingException notJson) {
                return value;
            }
        }
        return value;
    }
}
