/**
 * The one model both pages of the unit editor edit: a {@link dev.flotilla.ui.editor.model.UnitDocument} holding the
 * text (as a JFace document, for the source page), the bytes it stands for (so an unchanged or form-edited file is
 * written back byte for byte) and the parsed, checked {@link dev.flotilla.core.unit.UnitFile} of dev.flotilla.core.
 * Form edits go through UnitFile's lossless editing; typing in the source page is reparsed.
 */
package dev.flotilla.ui.editor.model;
