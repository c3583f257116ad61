/**
 * Docker engines through docker-java (no docker CLI): detecting the machine's engine and describing it
 * ({@link dev.flotilla.node.agent.container.DockerEngineInfo}), and the container operations a
 * {@code [Container]} unit needs (create with Quadlet-style settings, start, follow logs, wait, signal, remove).
 * Knows nothing about unit states; {@code dev.flotilla.node.agent} drives these operations.
 */
package dev.flotilla.node.agent.container;
