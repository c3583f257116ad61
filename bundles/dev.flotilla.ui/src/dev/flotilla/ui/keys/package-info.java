/**
 * The key-value browser: the store as a tree ({@link dev.flotilla.ui.keys.KeyValueView}) kept live by
 * watch jobs, its model ({@link dev.flotilla.ui.keys.KeyTree}, {@link dev.flotilla.ui.keys.KeyEntry}), the
 * value editor's compare-and-swap with its conflict dialog, and the create/delete dialogs. All network
 * work runs in jobs; the UI thread only applies what they bring.
 */
package dev.flotilla.ui.keys;
