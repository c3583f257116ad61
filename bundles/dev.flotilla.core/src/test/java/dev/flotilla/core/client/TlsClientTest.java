package dev.flotilla.core.client;

import dev.flotilla.testsupport.TestCerts;
import dev.flotilla.testsupport.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLS with client certificates against a real etcd that demands them; keys in the three PEM forms tools write. */
class TlsClientTest {
    @TempDir
    static Path dir;
    static TestCerts certs;
    static TestStore store;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCerts.create(dir.resolve("pki"));
        store = TestStore.etcd(dir.resolve("etcd")).tls(certs, true).start();
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
    }

    private static KeysClient client(Path cert, Path key) throws ConfigException {
        return KeysClient.create(ClientConfig.builder().endpoints(List.of(store.clientUrl()))
                .tls(certs.caCert(), cert, key).build());
    }

    @Test
    void pkcs8RsaAndEcClientKeysAllWork() throws Exception {
        assertTrue(Files.readString(certs.clientKeyPkcs8()).contains("BEGIN PRIVATE KEY"));
        assertTrue(Files.readString(certs.clientKeyRsa()).contains("BEGIN RSA PRIVATE KEY"));
        assertTrue(Files.readString(certs.clientKeyEc()).contains("BEGIN EC PRIVATE KEY"));
        client(certs.clientCert(), certs.clientKeyPkcs8()).set("/tls/k", "pkcs8");
        assertEquals("pkcs8", client(certs.clientRsaCert(), certs.clientKeyRsa()).get("/tls/k").node().value());
        client(certs.clientEcCert(), certs.clientKeyEc()).set("/tls/k", "ec");
        assertEquals("ec", client(certs.clientCert(), certs.clientKeyPkcs8()).get("/tls/k").node().value());
    }

    @Test
    void withoutAClientCertificateTheHandshakeFailsAndSaysSo() throws Exception {
        KeysClient c = KeysClient.create(ClientConfig.builder().endpoints(List.of(store.clientUrl()))
                .tls(certs.caCert(), null, null).build());
        UnavailableException e = assertThrows(UnavailableException.class, () -> c.get("/tls"));
        assertTrue(e.getMessage().contains(store.clientUrl().toString()), e.getMessage());
    }

    @Test
    void withoutTheCaTheServerIsNotTrusted() throws Exception {
        KeysClient c = KeysClient.create(ClientConfig.builder().endpoints(List.of(store.clientUrl()))
                .tls(null, certs.clientCert(), certs.clientKeyPkcs8()).build());
        UnavailableException e = assertThrows(UnavailableException.class, () -> c.get("/tls"));
        assertTrue(e.failures().get(0).reason().startsWith("TLS failed"), e.getMessage());
    }

    @Test
    void badPemFilesAreNamed() throws Exception {
        Path notPem = dir.resolve("garbage.pem");
        Files.writeString(notPem, "hello\n");
        ConfigException noCert = assertThrows(ConfigException.class,
                () -> PemTls.sslContext(notPem, null, null));
        assertEquals(notPem + ": no '-----BEGIN CERTIFICATE-----' block found", noCert.getMessage());
        ConfigException noKey = assertThrows(ConfigException.class,
                () -> PemTls.sslContext(null, certs.clientCert(), certs.clientCert()));
        assertTrue(noKey.getMessage().startsWith(certs.clientCert() + ": no '-----BEGIN PRIVATE KEY-----'"),
                noKey.getMessage());
        Path broken = dir.resolve("broken.pem");
        Files.writeString(broken, "\n\n-----BEGIN CERTIFICATE-----\n!!!notbase64\n-----END CERTIFICATE-----\n");
        ConfigException bad = assertThrows(ConfigException.class, () -> PemTls.certificates(broken));
        assertTrue(bad.getMessage().startsWith(broken + ":3:"), bad.getMessage());
    }
}
