package dev.flotilla.node.cloudconfig;

import java.util.Optional;

/** The systemctl verbs a {@code coreos.units} entry may ask for, as coreos-cloudinit accepted them. */
public enum UnitCommand {
    START("start"),
    STOP("stop"),
    RESTART("restart"),
    RELOAD("reload"),
    TRY_RESTART("try-restart"),
    RELOAD_OR_RESTART("reload-or-restart"),
    RELOAD_OR_TRY_RESTART("reload-or-try-restart");

    private final String verb;

    UnitCommand(String verb) {
        this.verb = verb;
    }

    public String verb() {
        return verb;
    }

    static Optional<UnitCommand> ofVerb(String verb) {
        for (UnitCommand c : values()) {
            if (c.verb.equals(verb)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
