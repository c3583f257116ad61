/**
 * {@code flotilla up}: the local demo cluster. Starts three node processes on loopback with their data under one
 * directory, waits until they serve, submits the sample units and opens the workbench; stops them on Ctrl-C.
 */
package dev.flotilla.node.up;
