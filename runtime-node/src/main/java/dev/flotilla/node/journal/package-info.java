/**
 * Per-unit journals on the machine that runs the units: timestamped lines (the unit's stdout and stderr and the
 * agent's own lifecycle lines), persisted under the node's data directory, bounded by size with rotation, readable
 * by last-N / cursor / time and followable live; plus {@link dev.flotilla.node.journal.JournalHandler}, the Jetty
 * handler that serves them over HTTP and Server-Sent Events.
 */
package dev.flotilla.node.journal;
