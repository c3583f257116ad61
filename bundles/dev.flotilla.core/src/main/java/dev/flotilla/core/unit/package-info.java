/**
 * systemd unit files as fleet users write them, kept losslessly: {@link dev.flotilla.core.unit.UnitFile} holds the
 * original lines as {@link dev.flotilla.core.unit.Element}s (headers, entries with their continuation layout,
 * comments, blanks) so an unchanged file writes back byte for byte and an edit changes only its entry's lines.
 * Over it: typed values (booleans, {@link dev.flotilla.core.unit.TimeSpan}, {@link dev.flotilla.core.unit.Words}
 * quoting, {@link dev.flotilla.core.unit.ExecLine}, Environment), the typed [Unit]/[Service]/[Install]/[Container]
 * settings, unit names and specifiers, and the systemd-level {@link dev.flotilla.core.unit.UnitValidator}.
 * Problems are {@link dev.flotilla.core.unit.Diagnostic}s with file, line and column; parsing never throws.
 */
package dev.flotilla.core.unit;
