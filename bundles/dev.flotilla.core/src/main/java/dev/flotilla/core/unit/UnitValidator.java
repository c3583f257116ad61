package dev.flotilla.core.unit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * systemd-level checks of a unit file: repeated and unknown sections, unknown (misspelt) and deprecated keys,
 * specifiers systemd does not know, the typed {@code [Service]} and {@code [Container]} values, and the shape of a
 * service (ExecStart). {@code [X-Fleet]} is left to {@code dev.flotilla.core.unit.fleet}.
 *
 * <p>Severity follows one rule: an <em>error</em> is something the unit cannot work with as written (a value the
 * agent must interpret but cannot read, an Exec line systemd would drop); a <em>warning</em> is what systemd and fleet
 * accept but is probably a mistake (unknown keys, deprecated names, literal unknown specifiers).
 */
public final class UnitValidator {
    private UnitValidator() { }

    /**
     * Validates {@code file}; {@code name} (may be null) enables checks that depend on the unit type, and a drop-in
     * ({@code foo.service.d/bar.conf}) is not required to be a complete unit.
     */
    public static List<Diagnostic> validate(UnitFile file, UnitName name, boolean dropIn) {
        DiagnosticSink sink = new DiagnosticSink(file.fileName());
        validate(file, name, dropIn, sink);
        return sink.diagnostics();
    }

    public static void validate(UnitFile file, UnitName name, boolean dropIn, DiagnosticSink sink) {
        checkSections(file, name, sink);
        for (Entry e : file.entries()) {
            String section = e.section();
            if (section.startsWith("X-") || !SystemdKeys.isKnownSection(section)) {
                continue;
            }
            String key = e.key();
            if (key.startsWith("X-")) {
                continue;
            }
            if (section.equals("Unit") && SystemdKeys.DEPRECATED_UNIT.containsKey(key)) {
                sink.atKey(e, Severity.WARNING, key + "= is a deprecated name; use "
                        + SystemdKeys.DEPRECATED_UNIT.get(key));
            } else if (!SystemdKeys.isKnownKey(section, key)) {
                String hint = SystemdKeys.suggest(section, key);
                String ignoredBy = section.equals(ContainerConfig.SECTION)
                        ? "is ignored; expected " + String.join(", ", ContainerConfig.KEYS)
                        : "is ignored by systemd";
                sink.atKey(e, Severity.WARNING, "unknown key " + key + " in [" + section + "] " + ignoredBy
                        + (hint != null ? "; did you mean " + hint + "?" : ""));
                continue;
            }
            if (SystemdKeys.expandsSpecifiers(section, key)) {
                sink.addAll(e, Specifiers.check(e.value()));
            }
        }
        if (file.hasSection(ServiceConfig.SECTION)) {
            ServiceConfig service = ServiceConfig.read(file, sink);
            if (!dropIn) {
                checkServiceShape(file, service, sink);
            }
        }
        if (file.hasSection(ContainerConfig.SECTION)) {
            ContainerConfig.read(file, sink);
        }
    }

    private static void checkSections(UnitFile file, UnitName name, DiagnosticSink sink) {
        Map<String, SectionHeader> seen = new HashMap<>();
        String typeSection = name == null ? null : SystemdKeys.typeSection(name.type());
        for (Element el : file.elements()) {
            if (!(el instanceof SectionHeader h)) {
                continue;
            }
            SectionHeader first = seen.putIfAbsent(h.name(), h);
            if (first != null) {
                sink.add(new Diagnostic(file.fileName(), h.line(), 1, Severity.WARNING, h.name(), null,
                        "section [" + h.name() + "] appears again (first at line " + first.line()
                                + "); systemd merges the entries of both"));
                continue;
            }
            String s = h.name();
            if (s.startsWith("X-") || s.equals("Unit") || s.equals("Install") || s.equals(ContainerConfig.SECTION)) {
                continue;
            }
            if (!SystemdKeys.isKnownSection(s)) {
                sink.add(new Diagnostic(file.fileName(), h.line(), 1, Severity.WARNING, s, null,
                        "unknown section [" + s + "] is ignored by systemd; expected [Unit], [Install], the unit "
                                + "type's section (e.g. [Service]) or an [X-...] extension section"));
            } else if (name != null && !s.equals(typeSection)) {
                sink.add(new Diagnostic(file.fileName(), h.line(), 1, Severity.WARNING, s, null,
                        "section [" + s + "] does not apply to a ." + name.type() + " unit and is ignored"
                                + (typeSection != null ? "; expected [" + typeSection + "]" : "")));
            }
        }
    }

    private static void checkServiceShape(UnitFile file, ServiceConfig service, DiagnosticSink sink) {
        List<Entry> starts = file.effectiveEntries(ServiceConfig.SECTION, "ExecStart");
        boolean oneshot = service.type() == ServiceType.ONESHOT;
        if (starts.isEmpty() && !oneshot) {
            SectionHeader h = file.headers(ServiceConfig.SECTION).get(0);
            sink.add(new Diagnostic(file.fileName(), h.line(), 1, Severity.WARNING, ServiceConfig.SECTION,
                    "ExecStart", "service has no ExecStart=; systemd only starts such a service with Type=oneshot"));
        }
        if (starts.size() > 1 && !oneshot) {
            sink.atKey(starts.get(1), Severity.WARNING, "more than one ExecStart= (first at line "
                    + starts.get(0).line() + "); systemd refuses this unless Type=oneshot");
        }
    }
}
