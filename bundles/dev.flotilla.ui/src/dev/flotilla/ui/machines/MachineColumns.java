package dev.flotilla.ui.machines;

import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.flotilla.core.api.MachineInfo;

/** How each column of the Machines view shows a {@link MachineInfo} and orders machines; no widgets here. */
public final class MachineColumns {

    public static final String[] TITLES = {"MACHINE", "IP", "HOSTNAME", "METADATA", "ENGINE", "UNITS", "DOCKER"};

    private MachineColumns() {
    }

    /** The text of {@code column}; machine IDs short (8 characters, like fleetctl) unless {@code fullIds}. */
    public static String text(MachineInfo m, int column, boolean fullIds) {
        return switch (column) {
            case 0 -> fullIds || m.id().length() <= 8 ? m.id() : m.id().substring(0, 8);
            case 1 -> orDash(m.primaryIP());
            case 2 -> orDash(m.hostname());
            case 3 -> m.metadata().isEmpty() ? "-" : m.metadata().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
            case 4 -> m.engineLeader() ? "leader" : "-";
            case 5 -> Integer.toString(m.units());
            case 6 -> docker(m.docker());
            default -> throw new IllegalArgumentException("no column " + column);
        };
    }

    /** "Docker 27.1 · 3/5 running · 12 images", or "no engine" when the machine found none. */
    static String docker(Map<String, Object> d) {
        if (d == null) {
            return "no engine";
        }
        return "Docker " + d.getOrDefault("version", "?") + " · " + d.getOrDefault("containersRunning", 0) + "/"
                + d.getOrDefault("containers", 0) + " running · " + d.getOrDefault("images", 0) + " images";
    }

    /** The order of {@code column}: numbers numerically, leaders first, the rest by text. */
    public static Comparator<MachineInfo> order(int column) {
        Comparator<MachineInfo> c = switch (column) {
            case 4 -> Comparator.comparing((MachineInfo m) -> !m.engineLeader());
            case 5 -> Comparator.comparingInt(MachineInfo::units);
            case 1 -> Comparator.comparing((MachineInfo m) -> ipKey(m.primaryIP()));
            default -> Comparator.comparing((MachineInfo m) -> text(m, column, true).toLowerCase(Locale.ROOT));
        };
        return c.thenComparing(MachineInfo::id);
    }

    /** 10.0.0.9 before 10.0.0.10. */
    private static String ipKey(String ip) {
        if (ip == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (String part : ip.split("\\.")) {
            b.append(String.format("%5s", part)).append('.');
        }
        return b.toString();
    }

    /** Whether any column contains {@code needle} (lower case). */
    public static boolean matches(MachineInfo m, String needle) {
        if (needle.isEmpty()) {
            return true;
        }
        for (int i = 0; i < TITLES.length; i++) {
            if (text(m, i, true).toLowerCase(Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        return false;
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
