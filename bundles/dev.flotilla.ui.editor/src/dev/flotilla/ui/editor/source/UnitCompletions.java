package dev.flotilla.ui.editor.source;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import dev.flotilla.core.unit.ContainerConfig;
import dev.flotilla.core.unit.RestartPolicy;
import dev.flotilla.core.unit.ServiceType;
import dev.flotilla.core.unit.SystemdKeys;
import dev.flotilla.core.unit.fleet.FleetRules;

/**
 * What may be typed where in a unit file: section names after {@code [}, the keys of the section the caret is in
 * before {@code =}, and values after it (the words of typed keys, booleans, and from the cluster the machine IDs,
 * metadata pairs and unit names it knows). Pure logic over the text, so it is tested without a display.
 */
public final class UnitCompletions {

    /** One proposal: the text replacing {@code [replaceOffset, replaceOffset+replaceLength)}. */
    public record Proposal(String text, int replaceOffset, int replaceLength, String description) { }

    /** What the cluster knows, for values; may be empty while it is being fetched. */
    public interface ClusterFacts {
        List<String> machineIds();

        List<String> metadataPairs();

        List<String> unitNames();
    }

    public static final ClusterFacts NO_CLUSTER = new ClusterFacts() {
        @Override
        public List<String> machineIds() {
            return List.of();
        }

        @Override
        public List<String> metadataPairs() {
            return List.of();
        }

        @Override
        public List<String> unitNames() {
            return List.of();
        }
    };

    private static final List<String> SECTIONS = List.of("Unit", "Service", "Container", FleetRules.SECTION,
            "Install", "Socket", "Timer", "Path", "Mount");
    private static final List<String> BOOLEANS = List.of("yes", "no", "true", "false");
    private static final Set<String> BOOLEAN_KEYS = Set.of("RemainAfterExit", "Global", "PrivateTmp",
            "PrivateDevices", "PrivateNetwork", "NoNewPrivileges", "GuessMainPID", "DefaultDependencies",
            "IgnoreSIGPIPE", "RootDirectoryStartOnly", "StopWhenUnneeded", "RefuseManualStart", "RefuseManualStop",
            "PermissionsStartOnly", "SendSIGKILL", "SendSIGHUP", "Persistent", "Accept", "DynamicUser");

    private final Supplier<ClusterFacts> cluster;

    public UnitCompletions(Supplier<ClusterFacts> cluster) {
        this.cluster = cluster;
    }

    /** Proposals at {@code offset} of {@code text}, best first. */
    public List<Proposal> at(String text, int offset) {
        int lineStart = offset;
        while (lineStart > 0 && text.charAt(lineStart - 1) != '\n' && text.charAt(lineStart - 1) != '\r') {
            lineStart--;
        }
        String before = text.substring(lineStart, offset);
        String lead = before.stripLeading();
        int leadAt = lineStart + (before.length() - lead.length());
        if (lead.startsWith("#") || lead.startsWith(";")) {
            return List.of();
        }
        if (lead.startsWith("[")) {
            String typed = lead.substring(1);
            int close = typed.indexOf(']');
            if (close >= 0) {
                return List.of();
            }
            List<Proposal> out = new ArrayList<>();
            for (String s : SECTIONS) {
                if (startsWithIgnoreCase(s, typed)) {
                    out.add(new Proposal("[" + s + "]", leadAt, lineEndAfter(text, offset) - leadAt, "section " + s));
                }
            }
            return out;
        }
        String section = sectionAt(text, lineStart);
        int eq = lead.indexOf('=');
        if (eq < 0) {
            List<Proposal> out = new ArrayList<>();
            for (String k : keysOf(section)) {
                if (startsWithIgnoreCase(k, lead)) {
                    out.add(new Proposal(k + "=", leadAt, lead.length(), section == null ? k : "[" + section + "] " + k));
                }
            }
            return out;
        }
        String key = lead.substring(0, eq).strip();
        String typed = lead.substring(eq + 1).stripLeading();
        int valueAt = offset - typed.length();
        // a multi-valued X-Fleet line: complete the word being typed
        int space = typed.lastIndexOf(' ');
        if (space >= 0) {
            valueAt += space + 1;
            typed = typed.substring(space + 1);
        }
        List<Proposal> out = new ArrayList<>();
        for (String v : valuesOf(section, key)) {
            if (startsWithIgnoreCase(v, typed) && !v.equals(typed)) {
                out.add(new Proposal(v, valueAt, typed.length(), key + "=" + v));
            }
        }
        return out;
    }

    /** Known keys of a section; for an unknown or missing section, nothing. */
    public static List<String> keysOf(String section) {
        if (section == null) {
            return List.of();
        }
        if (FleetRules.SECTION.equals(section)) {
            return FleetRules.KEYS;
        }
        if (ContainerConfig.SECTION.equals(section)) {
            return ContainerConfig.KEYS;
        }
        Set<String> keys = new LinkedHashSet<>();
        if ("Service".equals(section)) {
            // the usual ones first, then the rest alphabetically
            keys.addAll(List.of("ExecStart", "ExecStartPre", "ExecStartPost", "ExecStop", "ExecStopPost",
                    "ExecReload", "Type", "Restart", "RestartSec", "Environment", "EnvironmentFile", "User",
                    "WorkingDirectory", "TimeoutStartSec", "TimeoutStopSec", "RemainAfterExit"));
        } else if ("Unit".equals(section)) {
            keys.addAll(List.of("Description", "Documentation", "After", "Before", "Requires", "Wants",
                    "BindsTo", "Conflicts"));
        }
        keys.addAll(SystemdKeys.keys(section));
        return List.copyOf(keys);
    }

    private List<String> valuesOf(String section, String key) {
        ClusterFacts facts = cluster.get();
        if (FleetRules.SECTION.equals(section)) {
            return switch (key) {
                case "MachineID" -> facts.machineIds();
                case "MachineMetadata" -> facts.metadataPairs();
                case "MachineOf", "Conflicts", "Replaces" -> facts.unitNames();
                case "Global" -> BOOLEANS;
                default -> List.of();
            };
        }
        if ("Service".equals(section)) {
            switch (key) {
                case "Type":
                    return words(ServiceType.values());
                case "Restart":
                    return words(RestartPolicy.values());
                case "KillMode":
                    return List.of("control-group", "mixed", "process", "none");
                default:
                    break;
            }
        }
        if ("Unit".equals(section) && List.of("After", "Before", "Requires", "Wants", "BindsTo", "PartOf",
                "Conflicts").contains(key)) {
            List<String> out = new ArrayList<>(List.of("network-online.target", "network.target", "docker.service"));
            out.addAll(facts.unitNames());
            return out;
        }
        if (BOOLEAN_KEYS.contains(key)) {
            return BOOLEANS;
        }
        return List.of();
    }

    private static List<String> words(Enum<?>[] values) {
        List<String> out = new ArrayList<>();
        for (Enum<?> v : values) {
            out.add(v instanceof ServiceType t ? t.word() : ((RestartPolicy) v).word());
        }
        return out;
    }

    /** The section the line starting at {@code lineStart} is in, or null before the first header. */
    public static String sectionAt(String text, int lineStart) {
        int i = lineStart;
        while (i > 0) {
            int prevEnd = i - 1;
            int prevStart = prevEnd;
            while (prevStart > 0 && text.charAt(prevStart - 1) != '\n') {
                prevStart--;
            }
            String line = text.substring(prevStart, prevEnd).strip();
            if (line.startsWith("[") && line.indexOf(']') > 1) {
                return line.substring(1, line.indexOf(']'));
            }
            i = prevStart;
        }
        return null;
    }

    private static int lineEndAfter(String text, int offset) {
        int i = offset;
        while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT));
    }
}
