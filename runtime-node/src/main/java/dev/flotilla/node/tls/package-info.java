/**
 * TLS material of a member from PEM files (etcd's --cert-file/--key-file/--trusted-ca-file and their --peer-
 * twins): loading and checking them, as key and trust stores for Jetty and as keys and certificates for Ratis gRPC.
 */
package dev.flotilla.node.tls;
