/**
 * Tests of the workbench as a user sees it: {@link dev.flotilla.ui.tests.RunningWorkbench} starts the
 * product's application, {@link dev.flotilla.ui.tests.EtcdV2Server} a real etcd v2 server for it to talk
 * to, {@link dev.flotilla.ui.tests.Ui} finds widgets, waits and takes screenshots.
 */
package dev.flotilla.ui.tests;
