/**
 * An HTTP client for the etcd v2 API (and, through the same transport, the fleet API v1), built on
 * {@code java.net.http} and Jackson only, so it runs in the CLI, the node and the OSGi workbench alike.
 *
 * <p>{@link dev.flotilla.core.client.HttpTransport} owns the connection concerns: the endpoint list tried in
 * order with failover, per-request and total timeouts, TLS from PEM files ({@link dev.flotilla.core.client.PemTls})
 * and basic-auth credentials. {@link dev.flotilla.core.client.KeysClient} speaks the keys, members and health
 * endpoints on top of it. Failures surface as subclasses of the checked
 * {@link dev.flotilla.core.client.ClientException}, each naming the endpoint involved.
 */
package dev.flotilla.core.client;
