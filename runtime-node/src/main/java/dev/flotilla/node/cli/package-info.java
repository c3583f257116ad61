/** The {@code flotilla} command line: one class per verb, parsed with picocli. */
package dev.flotilla.node.cli;
