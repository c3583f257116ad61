/**
 * The Journal view: units' journals followed live, one tab per unit or one tab for several.
 * Lines arrive on follow jobs ({@link dev.flotilla.ui.journal.FollowJournalJob}, one SSE stream per unit) into a
 * bounded ring ({@link dev.flotilla.ui.journal.JournalBuffer}) that counts what it drops; the UI thread drains
 * the ring in batches, at most one pending drain at a time ({@link dev.flotilla.ui.journal.JournalTab}), so a
 * chatty unit costs a few updates per second, never one per line. Filtering, highlighting and the column layout
 * ({@link dev.flotilla.ui.journal.LineFilter}, {@link dev.flotilla.ui.journal.LineFormat}) are plain classes
 * tested without a display.
 */
package dev.flotilla.ui.journal;
