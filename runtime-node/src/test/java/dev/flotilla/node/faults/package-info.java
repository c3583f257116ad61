/**
 * Jepsen-style fault tests of the replicated store: clients record a history of operations (invocation and
 * completion times, outcome ok / failed / unknown), a nemesis kill -9's members of a real multi-process cluster,
 * and a linearizability checker (Wing &amp; Gong search with memoization, per key) judges the history against a
 * register-with-compare-and-swap model.
 */
package dev.flotilla.node.faults;
