package dev.flotilla.core.unit;

import java.util.Optional;

/** {@code Type=} of a service (systemd.service). */
public enum ServiceType {
    SIMPLE("simple"), EXEC("exec"), FORKING("forking"), ONESHOT("oneshot"), DBUS("dbus"), NOTIFY("notify"),
    NOTIFY_RELOAD("notify-reload"), IDLE("idle");

    private final String word;

    ServiceType(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static Optional<ServiceType> of(String word) {
        for (ServiceType t : values()) {
            if (t.word.equals(word)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
