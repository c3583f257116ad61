/**
 * The RCP application itself: the {@code IApplication} the product launches, the workbench and window
 * advisors (menus, status line, window shape) and the Flotilla perspective that lays out the views.
 * Nothing here talks to a cluster; it only wires the parts together.
 */
package dev.flotilla.ui.app;
