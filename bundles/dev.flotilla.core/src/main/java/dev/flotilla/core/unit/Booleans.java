package dev.flotilla.core.unit;

import java.util.Locale;
import java.util.Optional;

/** systemd's boolean words (parse_boolean): 1/yes/y/true/t/on and 0/no/n/false/f/off, any case. */
public final class Booleans {
    private Booleans() { }

    public static Optional<Boolean> parse(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "1", "yes", "y", "true", "t", "on" -> Optional.of(Boolean.TRUE);
            case "0", "no", "n", "false", "f", "off" -> Optional.of(Boolean.FALSE);
            default -> Optional.empty();
        };
    }
}
