/**
 * One entry point that runs every unit-file check (syntax, name, systemd, [X-Fleet], cross-unit) and computes the
 * fleet hash: what {@code flotilla unit check} and the node's unit submission use.
 */
package dev.flotilla.core.unit.check;
