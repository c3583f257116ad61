/**
 * Operating-system processes for the agent, without systemd: launching a program in its own session (so the whole
 * tree can be signalled as a process group), finding every process of a unit invocation through {@code /proc},
 * signalling by name, resolving executables, reading {@code EnvironmentFile}s and tailing captured output.
 * Knows nothing about units or their states; {@code dev.flotilla.node.agent} builds the systemd semantics on top.
 */
package dev.flotilla.node.agent.process;
