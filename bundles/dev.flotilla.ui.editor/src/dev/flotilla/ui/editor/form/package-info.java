/**
 * The form page of the unit editor: typed fields for {@code [Unit]}, {@code [Service]}, {@code [Container]} and
 * {@code [X-Fleet]}, list editors for repeated keys such as the Exec lines, the metadata rule builder that shows what
 * fleet makes of MachineMetadata (keys ANDed, values of one key ORed), and the placement preview. Every field reads
 * and writes the shared {@link dev.flotilla.ui.editor.model.UnitDocument}; the model's problems are shown at the
 * field of their key.
 */
package dev.flotilla.ui.editor.form;
