/**
 * Benchmarks run by hand ({@code ./flotilla bench store}), never by the test suite: the same workload
 * against Flotilla and Debian's etcd on loopback, printing throughput, latency percentiles, ratios and
 * each member's resident memory.
 */
package dev.flotilla.node.bench;
