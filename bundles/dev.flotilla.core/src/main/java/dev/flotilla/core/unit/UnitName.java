package dev.flotilla.core.unit;

import java.util.Set;

/**
 * A unit name as fleet accepts it (fleet's Documentation/unit-files-and-scheduling.md, "Unit Requirements"):
 * {@code string.suffix} or {@code string@instance.suffix}, the part before the suffix matching
 * {@code [a-zA-Z0-9:_.@-]+} and not starting with {@code @}, at most 256 characters, the suffix a unit type fleet
 * knows; templates ({@code name@.service}) and instances ({@code name@inst.service}) only of path, service, socket,
 * target and timer units.
 *
 * @param full     the whole name ({@code %n}), e.g. {@code web@8000.service}
 * @param prefix   the part before {@code @}, or the whole name without suffix ({@code %p})
 * @param instance the part between {@code @} and the suffix ({@code %i}); empty for a template, {@code null} when
 *                 the name has no {@code @}
 * @param type     the suffix without dot, e.g. {@code service}
 */
public record UnitName(String full, String prefix, String instance, String type) {

    public static final Set<String> TYPES = Set.of("automount", "busname", "device", "mount", "path", "scope",
            "service", "slice", "snapshot", "socket", "swap", "target", "timer");
    public static final Set<String> TEMPLATE_TYPES = Set.of("path", "service", "socket", "target", "timer");
    public static final int MAX_LENGTH = 256;

    /** Parses and validates a name; the exception says which rule it breaks and where. */
    public static UnitName parse(String name) throws ValueException {
        if (name == null || name.isEmpty()) {
            throw new ValueException(0, "unit name is empty; expected e.g. web.service or web@1.service");
        }
        if (name.length() > MAX_LENGTH) {
            throw new ValueException(MAX_LENGTH, "unit name is longer than " + MAX_LENGTH + " characters");
        }
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            throw new ValueException(0, "unit name " + UnitParser.quote(name)
                    + " has no type suffix; expected e.g. " + name + ".service");
        }
        if (dot == name.length() - 1) {
            throw new ValueException(dot, "unit name " + UnitParser.quote(name) + " ends in '.'; expected a type suffix");
        }
        String type = name.substring(dot + 1);
        if (!TYPES.contains(type)) {
            throw new ValueException(dot + 1, "unknown unit type " + UnitParser.quote(type)
                    + "; expected one of " + String.join(", ", new java.util.TreeSet<>(TYPES)));
        }
        String base = name.substring(0, dot);
        if (base.isEmpty()) {
            throw new ValueException(0, "unit name " + UnitParser.quote(name) + " has nothing before its suffix");
        }
        for (int i = 0; i < base.length(); i++) {
            char c = base.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == ':' || c == '_' || c == '.' || c == '@' || c == '-';
            if (!ok) {
                throw new ValueException(i, "invalid character " + UnitParser.quote(String.valueOf(c))
                        + " in unit name " + UnitParser.quote(name) + "; expected only [a-zA-Z0-9:_.@-]");
            }
        }
        if (base.charAt(0) == '@') {
            throw new ValueException(0, "unit name " + UnitParser.quote(name) + " must not start with '@'");
        }
        int at = base.indexOf('@');
        if (at >= 0 && !TEMPLATE_TYPES.contains(type)) {
            throw new ValueException(dot + 1, "unit type " + UnitParser.quote(type)
                    + " cannot be a template or instance; expected one of path, service, socket, target, timer");
        }
        String prefix = at < 0 ? base : base.substring(0, at);
        String instance = at < 0 ? null : base.substring(at + 1);
        return new UnitName(name, prefix, instance, type);
    }

    /** {@code name@.service}: a template, instantiated by names with an instance. */
    public boolean isTemplate() {
        return instance != null && instance.isEmpty();
    }

    /** {@code name@inst.service}: an instance of the template {@link #template()}. */
    public boolean isInstance() {
        return instance != null && !instance.isEmpty();
    }

    /** The name without type suffix ({@code %N}). */
    public String nameWithoutType() {
        return full.substring(0, full.length() - type.length() - 1);
    }

    /** The template of an instance or template name ({@code web@.service}); {@code null} for plain names. */
    public UnitName template() {
        return instance == null ? null : new UnitName(prefix + "@." + type, prefix, "", type);
    }

    /** The instance {@code inst} of this template (or of this instance's template). */
    public UnitName withInstance(String inst) throws ValueException {
        return parse(prefix + "@" + inst + "." + type);
    }

    /** {@code %P}: the prefix with systemd's unit-name escaping undone. */
    public String unescapedPrefix() {
        return unescape(prefix);
    }

    /** {@code %I}: the instance with systemd's unit-name escaping undone; empty when there is none. */
    public String unescapedInstance() {
        return instance == null ? "" : unescape(instance);
    }

    /** {@code %f}: the instance (or, without one, the prefix) read back as a path. */
    public String unescapedFilename() {
        String s = instance != null && !instance.isEmpty() ? instance : prefix;
        if (s.equals("-")) {
            return "/";
        }
        String u = unescape(s);
        return u.startsWith("/") ? u : "/" + u;
    }

    /** systemd's unit_name_unescape: {@code -} becomes {@code /}, {@code \xNN} the byte NN. */
    public static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '-') {
                b.append('/');
            } else if (c == '\\' && i + 3 < s.length() && s.charAt(i + 1) == 'x'
                    && Character.digit(s.charAt(i + 2), 16) >= 0 && Character.digit(s.charAt(i + 3), 16) >= 0) {
                b.append((char) Integer.parseInt(s.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return full;
    }
}
