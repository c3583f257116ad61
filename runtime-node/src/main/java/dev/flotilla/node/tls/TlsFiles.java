package dev.flotilla.node.tls;

import dev.flotilla.core.client.ConfigException;
import dev.flotilla.core.client.PemTls;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One side's TLS files. {@code flags} names the flags they came from ("--cert-file"... or "--peer-cert-file"...)
 * so every error names the flag and the file.
 *
 * @param certFile       this server's certificate chain (PEM)
 * @param keyFile        its private key (PEM: PKCS#8, PKCS#1 RSA or SEC1 EC)
 * @param trustedCaFile  the CA certificates client certificates must chain to; null when none
 * @param clientCertAuth whether a client must present a certificate signed by {@code trustedCaFile}
 */
public record TlsFiles(Path certFile, Path keyFile, Path trustedCaFile, boolean clientCertAuth, String flagPrefix) {
    static final char[] STORE_PASSWORD = "flotilla".toCharArray();

    /** The loaded material, checked to be usable. */
    public record Material(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> trusted,
                           boolean mutual) {
    }

    public Material load() {
        if (certFile == null || keyFile == null) {
            throw new IllegalArgumentException(flagPrefix + "cert-file and " + flagPrefix
                    + "key-file: both are needed to serve TLS");
        }
        if (clientCertAuth && trustedCaFile == null) {
            throw new IllegalArgumentException(flagPrefix + "client-cert-auth: needs " + flagPrefix
                    + "trusted-ca-file, the CA client certificates must be signed by");
        }
        try {
            List<X509Certificate> chain = PemTls.certificates(certFile);
            PrivateKey key = PemTls.privateKey(keyFile);
            List<X509Certificate> trusted = trustedCaFile == null ? List.of() : PemTls.certificates(trustedCaFile);
            return new Material(key, chain, trusted, clientCertAuth);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(flagPrefix + "cert-file/" + flagPrefix + "key-file/" + flagPrefix
                    + "trusted-ca-file: " + e.getMessage(), e);
        }
    }

    /** The key and chain as an in-memory key store (password {@link #STORE_PASSWORD}) for Jetty. */
    public static KeyStore keyStore(Material m) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", m.key(), STORE_PASSWORD, m.chain().toArray(new X509Certificate[0]));
            return ks;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("the private key does not match the certificate: " + e.getMessage(), e);
        }
    }

    public static KeyStore trustStore(Material m) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : m.trusted()) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            return ks;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String password() {
        return new String(STORE_PASSWORD);
    }
}
