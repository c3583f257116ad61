/**
 * The workbench commands on units and views (start, stop, load, unload, restart, destroy, journal, edit,
 * refresh): their handlers, reached from key bindings, menus, context menus and Quick Access (declared in
 * plugin.xml); and the contracts with views and editors of other bundles ({@link
 * dev.flotilla.ui.commands.ShowsUnits}, {@link dev.flotilla.ui.commands.UnitEditorInput}).
 */
package dev.flotilla.ui.commands;
