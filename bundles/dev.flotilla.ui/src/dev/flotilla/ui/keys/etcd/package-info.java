/**
 * The only code of the workbench that speaks HTTP: reads the etcd v2 keys API
 * ({@code GET /v2/keys/?recursive=true&sorted=true}) with {@code java.net.http} and Jackson into
 * {@link dev.flotilla.ui.keys.KeyNode}s. Kept apart so the shared client of {@code dev.flotilla.core.client}
 * can replace it without touching the views.
 */
package dev.flotilla.ui.keys.etcd;
