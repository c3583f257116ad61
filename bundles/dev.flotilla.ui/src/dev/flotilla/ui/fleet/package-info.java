/**
 * The fleet side of the active cluster for the views: a {@code FleetClient} built on the
 * connection's transport ({@link dev.flotilla.ui.fleet.FleetAccess}), the cluster event stream followed in a
 * background job ({@link dev.flotilla.ui.fleet.EventFollower}) and a coalescing reload job
 * ({@link dev.flotilla.ui.fleet.ReloadJob}) so a burst of events costs one read, not one per event.
 */
package dev.flotilla.ui.fleet;
