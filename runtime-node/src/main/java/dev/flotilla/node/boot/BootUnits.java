package dev.flotilla.node.boot;

import dev.flotilla.core.unit.UnitEditException;
import dev.flotilla.core.unit.UnitFile;
import dev.flotilla.core.unit.check.UnitChecker;
import dev.flotilla.node.cloudconfig.CloudConfig;
import dev.flotilla.node.cloudconfig.UnitCommand;
import dev.flotilla.node.cloudconfig.UnitSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a cloud-config's {@code coreos.units} into the units this machine submits at boot.
 *
 * <p>On CoreOS these were systemd units of the machine itself. Here they become cluster units pinned to this machine
 * with {@code [X-Fleet] MachineID=}: the engine places them nowhere else, and this machine's agent runs them. A
 * drop-in's lines are appended to its unit (systemd reads drop-ins after the unit, so later assignments win the
 * same way). {@code command: start} (and the other start-like verbs) launches the unit; {@code stop} or no command
 * only loads it. Entries Flotilla cannot act on are noted, never silently dropped: the etcd and fleet units (this
 * node <em>is</em> both), units without content (nothing to submit), masked units.
 */
public final class BootUnits {
    /** Units the node itself stands for: starting them is what running the node already does. */
    static final Set<String> BUILT_IN = Set.of("etcd.service", "etcd2.service", "etcd-member.service",
            "fleet.service", "fleet.socket");

    /** Stands in for the machine ID while validating, before the data directory (and its ID) exists. */
    static final String PLACEHOLDER_ID = "0".repeat(32);

    private BootUnits() {
    }

    /**
     * One unit to submit: its file text before the MachineID pin, and the desired state to set.
     *
     * @param desired fleet's target state: {@code launched} or {@code loaded}
     */
    public record Planned(String name, String content, String desired) {
        /** The file submitted: the content with {@code [X-Fleet] MachineID=<machineId>}. */
        public String fileFor(String machineId) {
            UnitFile f = UnitFile.parse(name, content);
            try {
                f.set("X-Fleet", "MachineID", machineId);
            } catch (UnitEditException e) {
                throw new IllegalStateException("cannot pin " + name + ": " + e.getMessage(), e);
            }
            return f.toText();
        }
    }

    /** The units to submit, plus notes (warnings) and errors as {@code file:line:col: ...} lines. */
    public record Outcome(List<Planned> units, List<String> notes, List<String> errors) {
    }

    public static Outcome plan(CloudConfig config) {
        List<Planned> units = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < config.units().size(); i++) {
            UnitSpec u = config.units().get(i);
            String where = config.source() + ":" + u.at().line() + ":" + u.at().column() + ": ";
            String key = "coreos.units[" + i + "]";
            if (BUILT_IN.contains(u.name())) {
                notes.add(where + "note: " + key + ": " + u.name() + " is run by the node itself; not submitted");
                continue;
            }
            if (u.mask()) {
                notes.add(where + "warning: " + key + ": " + u.name() + " is masked; not submitted");
                continue;
            }
            if (u.content().isEmpty() || u.content().get().isBlank()) {
                notes.add(where + "warning: " + key + ": " + u.name() + " has no content: only units whose file "
                        + "the cloud-config gives are submitted" + (u.dropIns().isEmpty() ? ""
                        : " (its drop-ins are not applied to a unit Flotilla does not have)"));
                continue;
            }
            String content = withDropIns(u);
            String desired = u.command().map(BootUnits::desiredFor).orElse("loaded");
            Planned p = new Planned(u.name(), content, desired);
            String pinned = p.fileFor(PLACEHOLDER_ID);
            UnitChecker.Result check = UnitChecker.check(u.name(), u.name(),
                    pinned.getBytes(StandardCharsets.UTF_8));
            for (var d : check.diagnostics()) {
                String line = where + (d.isError() ? "error: " : "warning: ") + key + ".content: line "
                        + d.line() + ":" + d.column() + ": " + stripFile(d.format(), d.file());
                (d.isError() ? errors : notes).add(line);
            }
            if (!check.hasErrors()) {
                units.add(p);
            }
        }
        return new Outcome(List.copyOf(units), List.copyOf(notes), List.copyOf(errors));
    }

    /** The unit checker's line without its own "file:line:col: severity: " prefix. */
    private static String stripFile(String formatted, String file) {
        String s = formatted.startsWith(file + ":") ? formatted.substring(file.length() + 1) : formatted;
        int sev = s.indexOf(": ");
        if (sev >= 0) {
            s = s.substring(sev + 2);
        }
        for (String label : List.of("error: ", "warning: ")) {
            if (s.startsWith(label)) {
                return s.substring(label.length());
            }
        }
        return s;
    }

    private static String withDropIns(UnitSpec u) {
        StringBuilder b = new StringBuilder(u.content().get());
        for (UnitSpec.DropIn d : u.dropIns()) {
            if (b.length() > 0 && b.charAt(b.length() - 1) != '\n') {
                b.append('\n');
            }
            b.append("# drop-in ").append(d.name()).append('\n').append(d.content());
        }
        return b.toString();
    }

    private static String desiredFor(UnitCommand c) {
        return c == UnitCommand.STOP ? "loaded" : "launched";
    }
}
