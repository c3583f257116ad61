package dev.flotilla.core.unit;

import java.util.Optional;

/** {@code Restart=} of a service (systemd.service): when the service manager restarts it. */
public enum RestartPolicy {
    NO("no"), ON_SUCCESS("on-success"), ON_FAILURE("on-failure"), ON_ABNORMAL("on-abnormal"),
    ON_WATCHDOG("on-watchdog"), ON_ABORT("on-abort"), ALWAYS("always");

    private final String word;

    RestartPolicy(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static Optional<RestartPolicy> of(String word) {
        for (RestartPolicy t : values()) {
            if (t.word.equals(word)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
