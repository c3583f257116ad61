/**
 * What every view shares: running cluster calls in jobs and their outcome on the UI thread
 * ({@link dev.flotilla.ui.support.Background}), failures as human status dialogs and log entries
 * ({@link dev.flotilla.ui.support.Problems}), widget ids and colours ({@link dev.flotilla.ui.support.Widgets}).
 */
package dev.flotilla.ui.support;
