package dev.flotilla.node.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.core.client.ClientConfig;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.core.client.PemTls;
import dev.flotilla.node.server.FlotillaNode;
import dev.flotilla.node.server.NodeConfig;
import dev.flotilla.testsupport.TestCerts;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two members in this JVM with https:// client URLs and mutual TLS between peers (2 members: every write needs
 * both, so a write proves the Raft transport works over TLS); clients and peers without a trusted certificate are
 * refused; Debian's etcdctl works with --ca-file.
 */
class TlsClusterTest {
    @TempDir
    Path dir;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void clientAndPeerTrafficNeedTrustedCertificates() throws Exception {
        TestCerts pki = TestCerts.create(dir.resolve("pki"));
        TestCerts stranger = TestCerts.create(dir.resolve("stranger"));
        int[] client = {freePort(), freePort()};
        int[] peer = {freePort(), freePort()};
        Map<String, List<String>> cluster = new LinkedHashMap<>();
        for (int i = 0; i < 2; i++) {
            cluster.put("n" + i, List.of("https://127.0.0.1:" + peer[i]));
        }
        List<FlotillaNode> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                NodeConfig c = new NodeConfig();
                c.name = "n" + i;
                c.dataDir = dir.resolve("n" + i).toFile();
                c.listenClientUrls = List.of(URI.create("https://127.0.0.1:" + client[i]));
                c.advertiseClientUrls = c.listenClientUrls;
                c.listenPeerUrls = List.of(URI.create("https://127.0.0.1:" + peer[i]));
                c.initialAdvertisePeerUrls = c.listenPeerUrls;
                c.initialCluster = new LinkedHashMap<>(cluster);
                c.certFile = pki.serverCert();
                c.keyFile = pki.serverKey();
                c.trustedCaFile = pki.caCert();
                // the second member also demands a client certificate
                c.clientCertAuth = i == 1;
                c.peerCertFile = pki.serverCert();
                c.peerKeyFile = pki.serverKey();
                c.peerTrustedCaFile = pki.caCert();
                c.peerClientCertAuth = true;
                FlotillaNode n = new FlotillaNode(c);
                nodes.add(n);
                n.start();
            }
            String url0 = "https://127.0.0.1:" + client[0];
            String url1 = "https://127.0.0.1:" + client[1];
            KeysClient trusted = KeysClient.create(ClientConfig.builder().endpoint(URI.create(url0))
                    .tls(pki.caCert(), null, null).requestTimeout(Duration.ofSeconds(5)).build());
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    trusted.set("/tls/k", "v1");
                    break;
                } catch (ClientException e) {
                    if (System.nanoTime() > end) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
            KeysClient withCert = KeysClient.create(ClientConfig.builder().endpoint(URI.create(url1))
                    .tls(pki.caCert(), pki.clientCert(), pki.clientKeyPkcs8()).build());
            assertEquals("v1", withCert.get("/tls/k").node().value());

            // clients: an untrusted server certificate, or no client certificate where one is required, is refused
            KeysClient noCa = KeysClient.create(ClientConfig.builder().endpoint(URI.create(url0)).build());
            assertThrows(ClientException.class, () -> noCa.get("/tls/k"));
            KeysClient noCert = KeysClient.create(ClientConfig.builder().endpoint(URI.create(url1))
                    .tls(pki.caCert(), null, null).build());
            assertThrows(ClientException.class, () -> noCert.get("/tls/k"));
            KeysClient strangerCert = KeysClient.create(ClientConfig.builder().endpoint(URI.create(url1))
                    .tls(pki.caCert(), stranger.clientCert(), stranger.clientKeyPkcs8()).build());
            assertThrows(ClientException.class, () -> strangerCert.get("/tls/k"));

            // peers: the Raft port answers a member's certificate and refuses another CA's
            assertTrue(peerAnswers(peer[0], pki), "a member's certificate is accepted");
            assertFalse(peerAnswers(peer[0], stranger), "a certificate from another CA is refused");

            // Debian's etcdctl with --ca-file (and the client certificate where required)
            assertEquals("over tls\n", etcdctl(url0, List.of("--ca-file", pki.caCert().toString()),
                    "set", "/tls/e", "over tls"));
            assertEquals("over tls\n", etcdctl(url1, List.of("--ca-file", pki.caCert().toString(), "--cert-file",
                    pki.clientCert().toString(), "--key-file", pki.clientKeyPkcs8().toString()), "get", "/tls/e"));
            String refused = etcdctl(url0, List.of(), "get", "/tls/e");
            assertTrue(refused.contains("certificate"), refused);
        } finally {
            for (FlotillaNode n : nodes) {
                n.close();
            }
        }
    }

    /** Does the peer port complete a TLS session (and speak) for a client presenting {@code certs}' client cert? */
    private static boolean peerAnswers(int port, TestCerts certs) throws Exception {
        // trust any server: only the server's verdict on our certificate is under test here
        SSLContext trustAll = SSLContext.getInstance("TLS");
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("c", PemTls.privateKey(certs.clientKeyPkcs8()), new char[0],
                PemTls.certificates(certs.clientCert()).toArray(new X509Certificate[0]));
        kmf.init(ks, new char[0]);
        trustAll.init(kmf.getKeyManagers(), new TrustManager[]{new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String a) { }
            public void checkServerTrusted(X509Certificate[] c, String a) { }
            public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }}, null);
        try (SSLSocket s = (SSLSocket) trustAll.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            javax.net.ssl.SSLParameters p = s.getSSLParameters();
            p.setApplicationProtocols(new String[]{"h2"});
            s.setSSLParameters(p);
            s.startHandshake();
            // HTTP/2 preface and an empty SETTINGS frame: a gRPC server answers with its own SETTINGS
            s.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(new byte[]{0, 0, 0, 4, 0, 0, 0, 0, 0});
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            return in.read() >= 0;
        } catch (IOException refused) {
            return false;
        }
    }

    private static String etcdctl(String endpoint, List<String> tls, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/etcdctl", "--endpoints", endpoint, "--no-sync"));
        cmd.addAll(tls);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("ETCDCTL_API", "2");
        Process p = pb.start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("etcdctl " + List.of(args) + " did not finish");
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
