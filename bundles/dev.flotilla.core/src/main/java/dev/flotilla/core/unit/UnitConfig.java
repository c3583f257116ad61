package dev.flotilla.core.unit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code [Unit]} settings Flotilla reads: Description and the dependency lists. Dependency keys take
 * space-separated unit names, accumulate over repeated lines, and an empty assignment resets them.
 */
public record UnitConfig(Optional<String> description, List<String> after, List<String> before,
                         List<String> requires, List<String> wants, List<String> bindsTo, List<String> conflicts) {
    public static final String SECTION = "Unit";

    public static UnitConfig of(UnitFile f) {
        return new UnitConfig(f.value(SECTION, "Description"), names(f, SECTION, "After"), names(f, SECTION, "Before"),
                names(f, SECTION, "Requires"), names(f, SECTION, "Wants"), names(f, SECTION, "BindsTo"),
                names(f, SECTION, "Conflicts"));
    }

    /** Space-separated words of a list key over its effective entries. */
    static List<String> names(UnitFile f, String section, String key) {
        List<String> out = new ArrayList<>();
        for (String v : f.values(section, key)) {
            for (String w : v.split("[ \t]+")) {
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
        }
        return List.copyOf(out);
    }
}
