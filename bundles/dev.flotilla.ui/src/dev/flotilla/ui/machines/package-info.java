/**
 * The Machines view: the cluster's machines with address, metadata, engine leadership, scheduled unit count
 * and Docker engine status ({@link dev.flotilla.ui.machines.MachineColumns}), live from the event stream,
 * filterable and sortable on every column.
 */
package dev.flotilla.ui.machines;
