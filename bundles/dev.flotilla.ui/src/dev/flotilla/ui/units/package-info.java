/**
 * The Units view: every unit of the cluster with its desired and current state and what systemd reports
 * ({@link dev.flotilla.ui.units.UnitRow}), kept in plain arrays that are filtered and sorted off the UI thread
 * ({@link dev.flotilla.ui.units.UnitTable}) and shown in a virtual table, so tens of thousands of units stay
 * responsive; and the operations on selected units ({@link dev.flotilla.ui.units.UnitOperation}).
 */
package dev.flotilla.ui.units;
