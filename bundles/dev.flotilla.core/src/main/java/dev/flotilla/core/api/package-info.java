/**
 * The JSON shapes of the two HTTP APIs Flotilla speaks: the etcd v2 API (keys, members, stats, health)
 * and the fleet API v1 (units, unit states, machines, and their pages), plus Flotilla's own API under
 * {@code /flotilla/v1/} (machine records, explain, placement pins, cluster events).
 *
 * <p>Each type is a Jackson-mapped record whose property names, order and omitted-when-empty rules follow
 * what etcd 3.4 and fleet put on the wire, so a server can write them and a client can read them.
 * Unknown properties are ignored on reading, so newer servers do not break older clients.
 */
package dev.flotilla.core.api;
