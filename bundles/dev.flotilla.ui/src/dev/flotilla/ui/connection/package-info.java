/**
 * Which cluster the workbench talks to and how that is going: the endpoint (from {@code --connect URL},
 * the {@code flotilla.connect} system property or the default), the connection state every view reports
 * to, and the status line item that shows it.
 */
package dev.flotilla.ui.connection;
