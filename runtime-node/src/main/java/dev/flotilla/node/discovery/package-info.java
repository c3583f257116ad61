/**
 * etcd's discovery protocol, both sides: {@link dev.flotilla.node.discovery.DiscoveryHandler} serves
 * discovery.etcd.io's API ({@code /new?size=N}, {@code /<token>}) from a node's own replicated store under
 * {@code /_etcd/registry/<token>/}; {@link dev.flotilla.node.discovery.DiscoveryClient} is what a new member started
 * with {@code --discovery URL} does to register, wait for its peers and learn the initial cluster.
 */
package dev.flotilla.node.discovery;
