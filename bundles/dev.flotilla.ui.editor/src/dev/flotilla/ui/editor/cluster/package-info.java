/**
 * What the unit editor asks of the cluster, always in background jobs: the facts content assist offers (machines,
 * metadata, unit names), the placement preview (explain of a file not submitted yet), and submit or replace with a
 * line diff against the unit the cluster runs.
 */
package dev.flotilla.ui.editor.cluster;
