/**
 * How a node boots: {@link dev.flotilla.node.boot.BootPlan} checks everything first (cloud-config, flags, units,
 * write_files) without changing anything, then bootstraps (static or etcd discovery), writes the cloud-config's
 * files under the node's root and, once the node serves, submits the cloud-config's {@code coreos.units} pinned to
 * this machine ({@link dev.flotilla.node.boot.BootUnits}).
 */
package dev.flotilla.node.boot;
