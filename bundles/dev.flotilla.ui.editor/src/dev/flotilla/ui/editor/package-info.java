/**
 * The unit editor and how to open it: {@link dev.flotilla.ui.editor.UnitEditor} (a form page and a source page over
 * one model), its inputs ({@link dev.flotilla.ui.editor.UnitEditorInput} for a unit of the cluster, {@link
 * dev.flotilla.ui.editor.UnitFileEditorInput} for a file on disk) and {@link dev.flotilla.ui.editor.UnitEditors},
 * the entry point other views use. Saving a file writes it; saving a cluster unit submits it (or replaces it after
 * showing the diff against what runs).
 */
package dev.flotilla.ui.editor;
