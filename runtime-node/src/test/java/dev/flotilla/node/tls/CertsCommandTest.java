package dev.flotilla.node.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.core.client.ClientConfig;
import dev.flotilla.core.client.ClientException;
import dev.flotilla.core.client.GetOptions;
import dev.flotilla.core.client.KeysClient;
import dev.flotilla.core.client.PemTls;
import dev.flotilla.node.cli.FlotillaCommand;
import dev.flotilla.node.server.FlotillaNode;
import dev.flotilla.node.server.NodeConfig;
import dev.flotilla.testsupport.TestStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flotilla certs}: the CA and certificates it makes run a two-member cluster with https client URLs,
 * client-certificate auth and mutual TLS between peers; a client without a certificate from that CA is refused,
 * and Debian's etcdctl (Go's TLS) accepts the files too.
 */
class CertsCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run flotilla(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FlotillaCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void badRequestsWriteNothing() throws Exception {
        Path pki = dir.resolve("pki");
        Run noCa = flotilla("certs", "make-cert", "--dir", pki.toString(), "n1");
        assertEquals(1, noCa.exit());
        assertTrue(noCa.err().contains("make-ca --dir " + pki), noCa.err());
        assertEquals(0, flotilla("certs", "make-ca", "--dir", pki.toString()).exit());
        Run again = flotilla("certs", "make-ca", "--dir", pki.toString());
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("exists; nothing written"), again.err());
        Run badIp = flotilla("certs", "make-cert", "--dir", pki.toString(), "--ip", "example.com", "n1");
        assertEquals(1, badIp.exit());
        assertEquals("Error: --ip example.com: not an IP address (use --dns for names); nothing written\n", badIp.err());
        assertFalse(Files.exists(pki.resolve("n1.pem")));
    }

    @Test
    void madeCertificatesRunATlsClusterAndRefuseStrangers() throws Exception {
        Path pki = dir.resolve("pki");
        Path other = dir.resolve("other");
        assertEquals(0, flotilla("certs", "make-ca", "--dir", pki.toString()).exit());
        assertEquals(0, flotilla("certs", "make-ca", "--dir", other.toString()).exit());
        for (String n : List.of("n0", "n1")) {
            Run r = flotilla("certs", "make-cert", "--dir", pki.toString(), "--ip", "10.1.2.3", n);
            assertEquals(0, r.exit(), r.err());
            assertEquals("wrote " + pki.resolve(n + ".pem") + "\nwrote " + pki.resolve(n + "-key.pem") + "\n", r.out());
        }
        assertEquals(0, flotilla("certs", "make-cert", "--dir", pki.toString(), "--client", "alice").exit());
        assertEquals(0, flotilla("certs", "make-cert", "--dir", other.toString(), "--client", "mallory").exit());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.resolve("n0-key.pem"))));

        X509Certificate node = PemTls.certificates(pki.resolve("n0.pem")).get(0);
        List<String> sans = new ArrayList<>();
        node.getSubjectAlternativeNames().forEach(s -> sans.add(s.get(1).toString()));
        assertEquals(List.of("127.0.0.1", "10.1.2.3", "localhost"), sans);
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), node.getExtendedKeyUsage());
        X509Certificate ca = PemTls.certificates(pki.resolve("ca.pem")).get(0);
        node.verify(ca.getPublicKey());
        assertTrue(ca.getBasicConstraints() >= 0, "the CA certificate is a CA");
        assertEquals(-1, node.getBasicConstraints(), "a node certificate is not a CA");

        int[] ports = TestStore.freePorts(4);
        Map<String, List<String>> cluster = new LinkedHashMap<>();
        for (int i = 0; i < 2; i++) {
            cluster.put("n" + i, List.of("https://127.0.0.1:" + ports[2 * i + 1]));
        }
        List<FlotillaNode> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                NodeConfig c = new NodeConfig();
                c.name = "n" + i;
                c.dataDir = dir.resolve("n" + i).toFile();
                c.listenClientUrls = List.of(URI.create("https://127.0.0.1:" + ports[2 * i]));
                c.advertiseClientUrls = c.listenClientUrls;
                c.listenPeerUrls = List.of(URI.create("https://127.0.0.1:" + ports[2 * i + 1]));
                c.initialAdvertisePeerUrls = c.listenPeerUrls;
                c.initialCluster = new LinkedHashMap<>(cluster);
                c.certFile = pki.resolve(c.name + ".pem");
                c.keyFile = pki.resolve(c.name + "-key.pem");
                c.trustedCaFile = pki.resolve("ca.pem");
                c.clientCertAuth = true;
                c.peerCertFile = c.certFile;
                c.peerKeyFile = c.keyFile;
                c.peerTrustedCaFile = c.trustedCaFile;
                c.peerClientCertAuth = true;
                FlotillaNode n = new FlotillaNode(c);
                nodes.add(n);
                n.start();
            }
            String url0 = "https://127.0.0.1:" + ports[0];
            String url1 = "https://127.0.0.1:" + ports[2];
            KeysClient alice = KeysClient.create(ClientConfig.builder().endpoint(URI.create(url0))
                    .tls(pki.resolve("ca.pem"), pki.resolve("alice.pem"), pki.resolve("alice-key.pem"))
                    .requestTimeout(Duration.ofSeconds(5)).build());
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    // two members: a write commits only once both have it, so this proves peer TLS too
                    alice.set("/certs/k", "v1");
                    break;
                } catch (ClientException e) {
                    if (System.nanoTime() > end) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
            KeysClient aliceOn1 = KeysClient.create(ClientConfig.builder().endpoint(URI.create(url1))
                    .tls(pki.resolve("ca.pem"), pki.resolve("alice.pem"), pki.resolve("alice-key.pem")).build());
            // quorum: a default read on the other member may, as in etcd, come just before it hears of the commit
            assertEquals("v1", aliceOn1.get("/certs/k", new GetOptions(false, false, true)).node().value());

            KeysClient noCert = KeysClient.create(ClientConfig.builder().endpoint(URI.create(url0))
                    .tls(pki.resolve("ca.pem"), null, null).build());
            assertThrows(ClientException.class, () -> noCert.get("/certs/k"));
            KeysClient mallory = KeysClient.create(ClientConfig.builder().endpoint(URI.create(url0))
                    .tls(pki.resolve("ca.pem"), other.resolve("mallory.pem"), other.resolve("mallory-key.pem")).build());
            assertThrows(ClientException.class, () -> mallory.get("/certs/k"));
            KeysClient wrongCa = KeysClient.create(ClientConfig.builder().endpoint(URI.create(url0))
                    .tls(other.resolve("ca.pem"), pki.resolve("alice.pem"), pki.resolve("alice-key.pem")).build());
            assertThrows(ClientException.class, () -> wrongCa.get("/certs/k"), "the server's certificate is checked");

            // Go's TLS (Debian's etcdctl) takes the same files
            assertEquals("v1\n", etcdctl(url1, "--ca-file", pki.resolve("ca.pem").toString(),
                    "--cert-file", pki.resolve("alice.pem").toString(),
                    "--key-file", pki.resolve("alice-key.pem").toString(), "get", "/certs/k"));
        } finally {
            for (FlotillaNode n : nodes) {
                n.close();
            }
        }
    }

    private static String etcdctl(String endpoint, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/etcdctl", "--endpoints", endpoint, "--no-sync"));
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
