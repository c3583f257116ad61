/**
 * Flotilla's shared model: what the node and the workbench both need to agree on.
 * Sub-packages: {@code unit} (systemd unit files and [X-Fleet] rules), {@code api} (JSON types of the
 * etcd v2 keys API and fleet API v1), {@code client} (HTTP client for both APIs).
 */
package dev.flotilla.core;
