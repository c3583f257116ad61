package dev.flotilla.core.unit;

import java.util.List;
import java.util.Optional;

/** The {@code [Install]} settings: what enabling the unit hooks it into (fleet enables units that have them). */
public record InstallConfig(List<String> wantedBy, List<String> requiredBy, List<String> alias, List<String> also,
                            Optional<String> defaultInstance) {
    public static final String SECTION = "Install";

    public static InstallConfig of(UnitFile f) {
        return new InstallConfig(UnitConfig.names(f, SECTION, "WantedBy"), UnitConfig.names(f, SECTION, "RequiredBy"),
                UnitConfig.names(f, SECTION, "Alias"), UnitConfig.names(f, SECTION, "Also"),
                f.value(SECTION, "DefaultInstance"));
    }

    /** True when the file has an [Install] section with at least one setting. */
    public static boolean present(UnitFile f) {
        return !f.entries(SECTION).isEmpty();
    }
}
