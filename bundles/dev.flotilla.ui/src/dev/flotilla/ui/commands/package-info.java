/**
 * The workbench commands on units and views (start, stop, load, unload, restart, destroy, journal, edit,
 * refresh): their handlers, reached from key bindings, menus, context menus and Quick Access (declared in
 * plugin.xml); and the contract with views of other bundles ({@link dev.flotilla.ui.commands.ShowsUnits}).
 * Edit's handler is declared by dev.flotilla.ui.editor, the bundle that has the editor.
 */
package dev.flotilla.ui.commands;
