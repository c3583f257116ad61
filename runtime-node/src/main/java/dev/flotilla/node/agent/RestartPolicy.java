package dev.flotilla.node.agent;

/** {@code Restart=}, with systemd's table of which results restart (man systemd.service, "Restart="). */
public enum RestartPolicy {
    NO, ON_SUCCESS, ON_FAILURE, ON_ABNORMAL, ON_WATCHDOG, ON_ABORT, ALWAYS;

    /** Whether a service that ended with {@code result} is restarted under this policy. */
    public boolean restartsAfter(UnitResult result) {
        if (result == UnitResult.START_LIMIT_HIT) {
            return false;
        }
        return switch (this) {
            case NO -> false;
            case ALWAYS -> true;
            case ON_SUCCESS -> result == UnitResult.SUCCESS;
            case ON_FAILURE -> result != UnitResult.SUCCESS;
            case ON_ABNORMAL -> result == UnitResult.SIGNAL || result == UnitResult.CORE_DUMP
                    || result == UnitResult.TIMEOUT || result == UnitResult.WATCHDOG;
            case ON_WATCHDOG -> result == UnitResult.WATCHDOG;
            case ON_ABORT -> result == UnitResult.SIGNAL || result == UnitResult.CORE_DUMP;
        };
    }

    /** The unit-file spelling: {@code on-failure}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
