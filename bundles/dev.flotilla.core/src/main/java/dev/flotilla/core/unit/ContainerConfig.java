package dev.flotilla.core.unit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Quadlet-style {@code [Container]} section (podman-systemd.unit(5)) that Flotilla's agent runs with Docker:
 * {@code Image} (required), {@code Exec} (arguments after the image, split as systemd splits words),
 * {@code Environment} and {@code Label} ({@code NAME=value} words, quoted as in {@link Words}), repeated
 * {@code PublishPort}, {@code Volume} and {@code Network}, and {@code ContainerName}.
 */
public record ContainerConfig(Optional<String> image, List<String> exec, Map<String, String> environment,
                              List<String> publishPorts, List<String> volumes, List<String> networks,
                              Optional<String> containerName, Map<String, String> labels) {
    public static final String SECTION = "Container";
    public static final List<String> KEYS = List.of("Image", "Exec", "Environment", "PublishPort", "Volume",
            "Network", "ContainerName", "Label");

    /** Reads the section, reporting unreadable values to {@code sink}. */
    public static ContainerConfig read(UnitFile f, DiagnosticSink sink) {
        Optional<String> image = f.value(SECTION, "Image");
        List<String> exec = new ArrayList<>();
        for (Entry e : f.effectiveEntries(SECTION, "Exec")) {
            Words.Result r = Words.split(e.value());
            sink.addAll(e, r.problems());
            exec.addAll(r.texts());
        }
        Map<String, String> env = assignments(f, "Environment", sink);
        Map<String, String> labels = assignments(f, "Label", sink);
        List<String> ports = words(f, "PublishPort", sink);
        for (Entry e : f.effectiveEntries(SECTION, "PublishPort")) {
            for (String p : Words.split(e.value()).texts()) {
                if (!p.matches("(([0-9.]+|\\[[0-9a-fA-F:]+\\]):)?([0-9]*(-[0-9]+)?:)?[0-9]+(-[0-9]+)?(/(tcp|udp|sctp))?")) {
                    sink.error(e, "invalid port mapping " + UnitParser.quote(p)
                            + "; expected [[ip:][hostPort]:]containerPort[/tcp|udp|sctp]");
                }
            }
        }
        List<String> volumes = words(f, "Volume", sink);
        List<String> networks = words(f, "Network", sink);
        boolean hasSection = f.hasSection(SECTION);
        if (hasSection && image.isEmpty()) {
            sink.add(new Diagnostic(sink.file(), f.headers(SECTION).get(0).line(), 1, Severity.ERROR, SECTION, "Image",
                    "a [Container] section needs Image=; expected e.g. Image=docker.io/library/nginx:1.27"));
        }
        return new ContainerConfig(image, List.copyOf(exec), env, ports, volumes, networks,
                f.value(SECTION, "ContainerName"), labels);
    }

    public static ContainerConfig of(UnitFile f) {
        return read(f, DiagnosticSink.discarding());
    }

    private static Map<String, String> assignments(UnitFile f, String key, DiagnosticSink sink) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Entry e : f.entries(SECTION, key)) {
            if (e.isEmpty()) {
                out.clear();
                continue;
            }
            EnvironmentAssignments.Parsed p = EnvironmentAssignments.parse(e.value());
            sink.addAll(e, p.problems());
            out.putAll(p.assignments());
        }
        return Collections.unmodifiableMap(out);
    }

    private static List<String> words(UnitFile f, String key, DiagnosticSink sink) {
        List<String> out = new ArrayList<>();
        for (Entry e : f.effectiveEntries(SECTION, key)) {
            Words.Result r = Words.split(e.value());
            sink.addAll(e, r.problems());
            out.addAll(r.texts());
        }
        return List.copyOf(out);
    }
}
