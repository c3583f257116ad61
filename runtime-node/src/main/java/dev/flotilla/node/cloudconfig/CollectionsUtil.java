package dev.flotilla.node.cloudconfig;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable copies that keep the file's order (Map.copyOf does not). */
final class CollectionsUtil {

    private CollectionsUtil() {
    }

    static <K, V> Map<K, V> copyOrdered(Map<K, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
