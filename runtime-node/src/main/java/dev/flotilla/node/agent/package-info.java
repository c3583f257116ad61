/**
 * The unit runner of a machine: {@link dev.flotilla.node.agent.UnitAgent} runs the units the engine gives it with
 * systemd's semantics (exec phases, Type=, Restart=, start limits, timeouts, kill signals, LOAD/ACTIVE/SUB states)
 * without systemd, for process units and for Quadlet-style container units, writes their journals, and re-adopts
 * running units when the agent itself restarts. Input is a {@link dev.flotilla.node.agent.ServiceSpec}, already
 * parsed; unit files themselves are parsed in {@code dev.flotilla.core.unit}.
 */
package dev.flotilla.node.agent;
