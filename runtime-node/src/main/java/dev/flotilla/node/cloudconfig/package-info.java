/**
 * CoreOS-style cloud-config: loading a {@code #cloud-config} YAML file into a typed, validated model
 * ({@link dev.flotilla.node.cloudconfig.CloudConfigLoader}), applying its {@code write_files} under a root
 * directory ({@link dev.flotilla.node.cloudconfig.WriteFilesApplier}) and mapping it to node flags
 * ({@link dev.flotilla.node.cloudconfig.NodeSettings}).
 *
 * <p>Validation comes first: every problem is a {@link dev.flotilla.node.cloudconfig.Diagnostic} naming the
 * file, line, column and key path; loading never throws on bad input and never constructs arbitrary
 * types (the YAML is only composed into a node tree, with alias, nesting and size limits).
 */
package dev.flotilla.node.cloudconfig;
