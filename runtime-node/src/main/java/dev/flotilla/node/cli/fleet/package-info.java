/**
 * fleetctl's verbs against a Flotilla cluster ({@code list-machines}, {@code list-units}, {@code list-unit-files},
 * {@code submit}, {@code load}, {@code start}, {@code stop}, {@code unload}, {@code destroy}, {@code restart},
 * {@code status}, {@code journal}, {@code cat}) with fleetctl's flags, output (Go tabwriter columns, truncated
 * machine IDs) and exit statuses, plus Flotilla's {@code explain} and {@code pin}. They speak only the fleet and
 * Flotilla HTTP APIs through {@link dev.flotilla.core.client.FleetClient}; local unit files are checked with the
 * unit model before anything is sent.
 */
package dev.flotilla.node.cli.fleet;
