package dev.flotilla.core.unit;

import java.util.ArrayList;
import java.util.List;

/**
 * systemd's {@code %} specifiers (systemd.unit(5), "Specifiers"). Flotilla resolves {@code %n %N %p %P %i %I %f %j
 * %J} from the unit name, {@code %H %m %b} from a {@link MachineContext}, and {@code %%}. Every other letter systemd
 * knows ({@code %h %t %u}...) depends on the host's users and directories and is not resolvable here.
 */
public final class Specifiers {
    /** Every specifier letter systemd knows, in any unit setting. */
    public static final String KNOWN = "aAbBCdEfgGhHiIjJlLmMnNopPqsStTuUvVwWyY%";
    /** The letters {@link #resolve} can substitute. */
    public static final String RESOLVABLE = "nNpPiIfjJHmb%";

    /** A value with its specifiers substituted; problems mark those that could not be (left as written). */
    public record Resolved(String value, List<ValueProblem> problems) {
        public boolean ok() {
            return problems.stream().noneMatch(p -> p.severity() == Severity.ERROR);
        }
    }

    private Specifiers() { }

    /**
     * Static check of a value that systemd expands specifiers in: a letter systemd does not know is a warning (older
     * systemd, as fleet clusters ran, kept it literally; current systemd refuses the line), as is a lone {@code %} at
     * the end. Write {@code %%} for a literal percent sign.
     */
    public static List<ValueProblem> check(String text) {
        List<ValueProblem> out = new ArrayList<>(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) != '%') {
                continue;
            }
            if (i + 1 >= text.length()) {
                out.add(ValueProblem.warning(i, "lone '%' at the end; write %% for a literal percent sign"));
                break;
            }
            char c = text.charAt(i + 1);
            if (KNOWN.indexOf(c) < 0) {
                out.add(ValueProblem.warning(i, "unknown specifier %" + c + " (older systemd keeps it literally, "
                        + "current systemd rejects the line); write %% for a literal percent sign"));
            }
            i++;
        }
        return out;
    }

    /**
     * Substitutes every specifier for a unit name and machine. Unknown letters, letters flotilla cannot resolve and
     * machine facts missing from {@code machine} are errors (the text keeps them as written).
     */
    public static Resolved resolve(String text, UnitName name, MachineContext machine) {
        if (text.indexOf('%') < 0) {
            return new Resolved(text, List.of());
        }
        MachineContext m = machine == null ? MachineContext.UNKNOWN : machine;
        StringBuilder b = new StringBuilder(text.length() + 16);
        List<ValueProblem> problems = new ArrayList<>(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '%') {
                b.append(c);
                continue;
            }
            if (i + 1 >= text.length()) {
                problems.add(ValueProblem.error(i, "lone '%' at the end; write %% for a literal percent sign"));
                b.append('%');
                break;
            }
            char s = text.charAt(i + 1);
            String v = lookup(s, name, m);
            if (v == null) {
                String why;
                if (KNOWN.indexOf(s) < 0) {
                    why = "unknown specifier %" + s + "; write %% for a literal percent sign";
                } else if (RESOLVABLE.indexOf(s) < 0) {
                    why = "specifier %" + s + " depends on the host's users or directories and cannot be resolved; "
                            + "flotilla resolves %n %N %p %P %i %I %f %j %J %H %m %b %%";
                } else if (name == null && "nNpPiIfjJ".indexOf(s) >= 0) {
                    why = "specifier %" + s + " needs the unit name, which is not known here";
                } else {
                    why = "specifier %" + s + " needs the machine's " + (s == 'H' ? "hostname" : s == 'm'
                            ? "machine ID" : "boot ID") + ", which is not known here";
                }
                problems.add(ValueProblem.error(i, why));
                b.append('%').append(s);
            } else {
                b.append(v);
            }
            i++;
        }
        return new Resolved(b.toString(), problems);
    }

    private static String lookup(char s, UnitName n, MachineContext m) {
        switch (s) {
            case '%': return "%";
            case 'H': return m.hostname();
            case 'm': return m.machineId();
            case 'b': return m.bootId();
            default: break;
        }
        if (n == null) {
            return null;
        }
        return switch (s) {
            case 'n' -> n.full();
            case 'N' -> n.nameWithoutType();
            case 'p' -> n.prefix();
            case 'P' -> n.unescapedPrefix();
            case 'i' -> n.instance() == null ? "" : n.instance();
            case 'I' -> n.unescapedInstance();
            case 'f' -> n.unescapedFilename();
            case 'j' -> lastDashComponent(n.prefix());
            case 'J' -> UnitName.unescape(lastDashComponent(n.prefix()));
            default -> null;
        };
    }

    private static String lastDashComponent(String prefix) {
        int d = prefix.lastIndexOf('-');
        return d < 0 ? prefix : prefix.substring(d + 1);
    }
}
