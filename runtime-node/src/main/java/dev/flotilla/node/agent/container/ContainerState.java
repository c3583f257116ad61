package dev.flotilla.node.agent.container;

/**
 * What the engine says about one container.
 *
 * @param id       full container id
 * @param running  whether it runs
 * @param exitCode its exit code once it stopped
 */
public record ContainerState(String id, boolean running, int exitCode) {
}
