/**
 * Tests of the workbench as a user sees it: {@link dev.flotilla.ui.tests.RunningWorkbench} starts the
 * product's application, {@link dev.flotilla.ui.tests.FlotillaCluster} real Flotilla nodes for it to talk
 * to, {@link dev.flotilla.ui.tests.Ui} finds widgets, presses buttons, waits and takes screenshots; plus
 * plain tests of the models behind the views.
 */
package dev.flotilla.ui.tests;
