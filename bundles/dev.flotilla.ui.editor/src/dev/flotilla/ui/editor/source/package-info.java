/**
 * The source page of the unit editor: a JFace source viewer over the shared {@link
 * dev.flotilla.ui.editor.model.UnitDocument} with syntax colouring (a presentation reconciler over {@link
 * dev.flotilla.ui.editor.source.UnitTokenScanner}), the model's problems as annotations at their line and column,
 * and content assist for sections, keys and values.
 */
package dev.flotilla.ui.editor.source;
