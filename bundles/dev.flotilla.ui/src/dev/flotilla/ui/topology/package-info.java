/**
 * The Topology view: the cluster drawn on a plain SWT {@code Canvas} (GC painting, no GEF) — machines as boxes
 * with their units inside, coloured by state, the {@code Conflicts} and {@code MachineOf} rules as lines, Global
 * units on every machine. A unit dragged onto another machine is pinned there through the placement API
 * ({@code FleetClient.pin}); a refusal shows the rule and moves nothing. The model is read in Eclipse Jobs and
 * kept live by the cluster event stream, like the Units view. {@link dev.flotilla.ui.topology.TopologyModel} and
 * {@link dev.flotilla.ui.topology.TopologyLayout} are plain data (testable without a display),
 * {@link dev.flotilla.ui.topology.TopologyPainter} draws them, {@link dev.flotilla.ui.topology.TopologyCanvas} adds
 * zoom, scrolling, hit testing and drag and drop, {@link dev.flotilla.ui.topology.TopologyView} ties them to the
 * cluster.
 */
package dev.flotilla.ui.topology;
