/**
 * The engine: fleet's scheduler, done without fleet's weaknesses. It keeps an in-memory model of machines and
 * units ({@link dev.flotilla.node.engine.ClusterModel}, fed incrementally from store watches, never by re-reading
 * the whole tree), decides placements by the [X-Fleet] rules ({@link dev.flotilla.node.engine.Placer}) and explains,
 * for any unit, why each machine was or was not chosen.
 */
package dev.flotilla.node.engine;
