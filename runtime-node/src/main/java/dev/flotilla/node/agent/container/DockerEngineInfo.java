package dev.flotilla.node.agent.container;

/**
 * The Docker engine of a machine, for its machine record.
 *
 * @param host              how it was reached, e.g. {@code unix:///var/run/docker.sock}
 * @param serverVersion     engine version, e.g. {@code 20.10.24+dfsg1}
 * @param apiVersion        API version the engine speaks, e.g. {@code 1.41}
 * @param os                engine operating system
 * @param arch              engine architecture
 * @param containers        containers (any state)
 * @param containersRunning running containers
 * @param images            images
 */
public record DockerEngineInfo(String host, String serverVersion, String apiVersion, String os, String arch,
                               int containers, int containersRunning, int images) {
}
