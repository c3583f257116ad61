package dev.flotilla.node.agent.container;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code [Container]} section in the spirit of Podman Quadlet.
 *
 * @param image         {@code Image=}, e.g. {@code busybox:latest}
 * @param exec          {@code Exec=}, already split: the command (and arguments) run in the container; empty means
 *                      the image's default
 * @param environment   {@code Environment=}
 * @param publishPorts  {@code PublishPort=} entries, {@code [[ip:][hostPort]:]containerPort[/tcp|/udp]}
 * @param volumes       {@code Volume=} entries, {@code hostPathOrVolume:containerPath[:ro|:rw]}
 * @param network       {@code Network=}: {@code host}, {@code none}, {@code bridge} or a network name; null for the
 *                      engine's default
 * @param containerName {@code ContainerName=}; null means {@code flotilla-<unit name without .service>}
 * @param labels        {@code Label=}
 */
public record ContainerSpec(String image, List<String> exec, Map<String, String> environment,
                            List<String> publishPorts, List<String> volumes, String network,
                            String containerName, Map<String, String> labels) {
    public ContainerSpec {
        Objects.requireNonNull(image, "image");
        exec = exec == null ? List.of() : List.copyOf(exec);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        publishPorts = publishPorts == null ? List.of() : List.copyOf(publishPorts);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Just an image and a command. */
    public static ContainerSpec of(String image, String... exec) {
        return new ContainerSpec(image, List.of(exec), Map.of(), List.of(), List.of(), null, null, Map.of());
    }
}
