/**
 * Which clusters the workbench knows ({@link dev.flotilla.ui.connection.ClusterRegistry}, passwords in
 * secure storage via {@link dev.flotilla.ui.connection.SecretStore}), which one is active and how it is
 * doing ({@link dev.flotilla.ui.connection.ClusterConnection} with its health monitor and reconnects), the
 * status line item and the Connections view.
 */
package dev.flotilla.ui.connection;
