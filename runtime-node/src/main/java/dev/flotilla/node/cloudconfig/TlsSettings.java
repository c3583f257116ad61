package dev.flotilla.node.cloudconfig;

import java.util.Optional;

/**
 * {@code coreos.etcd2}'s TLS keys, with etcd's meanings: the client side ({@code cert_file}, {@code key_file},
 * {@code trusted_ca_file}, {@code client_cert_auth}) and the peer side ({@code peer_cert_file} ...). The older
 * {@code ca_file}/{@code peer_ca_file} mean a trusted CA with certificate auth on, as in etcd 2.
 */
public record TlsSettings(
        Optional<String> certFile,
        Optional<String> keyFile,
        Optional<String> trustedCaFile,
        Optional<Boolean> clientCertAuth,
        Optional<String> peerCertFile,
        Optional<String> peerKeyFile,
        Optional<String> peerTrustedCaFile,
        Optional<Boolean> peerClientCertAuth) {

    public static final TlsSettings NONE = new TlsSettings(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
}
