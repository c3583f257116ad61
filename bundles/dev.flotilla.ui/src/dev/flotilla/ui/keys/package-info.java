/**
 * The key-value browser: the store shown as a tree ({@link dev.flotilla.ui.keys.KeyValueView}), its model
 * ({@link dev.flotilla.ui.keys.KeyNode}) and the background job that loads it. Network access is delegated
 * to {@link dev.flotilla.ui.keys.etcd}, so the view never blocks the UI thread.
 */
package dev.flotilla.ui.keys;
