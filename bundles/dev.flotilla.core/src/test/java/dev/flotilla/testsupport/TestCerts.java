package dev.flotilla.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away PKI made with the real openssl: a CA, a server certificate for 127.0.0.1, and client
 * certificates whose keys are written in the three PEM forms tools produce (PKCS#8, PKCS#1 RSA, SEC1 EC).
 */
public record TestCerts(Path dir, Path caCert, Path serverCert, Path serverKey,
                        Path clientCert, Path clientKeyPkcs8, Path clientKeyRsa, Path clientRsaCert,
                        Path clientKeyEc, Path clientEcCert) {

    public static TestCerts create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path ca = dir.resolve("ca.pem");
        Path caKey = dir.resolve("ca-key.pem");
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(), "-out",
                ca.toString(), "-days", "2", "-subj", "/CN=flotilla-test-ca");
        Path ext = dir.resolve("server.ext");
        Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n");
        Path clientExt = dir.resolve("client.ext");
        Files.writeString(clientExt, "extendedKeyUsage=clientAuth\n");

        Path serverKey = dir.resolve("server-key.pem");
        Path serverCert = dir.resolve("server.pem");
        openssl(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", serverKey.toString());
        sign(dir, serverKey, serverCert, "/CN=127.0.0.1", ca, caKey, ext);

        Path k8 = dir.resolve("client-key-pkcs8.pem");
        Path c8 = dir.resolve("client.pem");
        openssl(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", k8.toString());
        sign(dir, k8, c8, "/CN=client-pkcs8", ca, caKey, clientExt);

        Path krsa = dir.resolve("client-key-rsa.pem");
        Path crsa = dir.resolve("client-rsa.pem");
        openssl(dir, "genrsa", "-traditional", "-out", krsa.toString(), "2048");
        sign(dir, krsa, crsa, "/CN=client-rsa", ca, caKey, clientExt);

        Path kec = dir.resolve("client-key-ec.pem");
        Path cec = dir.resolve("client-ec.pem");
        openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", kec.toString());
        sign(dir, kec, cec, "/CN=client-ec", ca, caKey, clientExt);
        return new TestCerts(dir, ca, serverCert, serverKey, c8, k8, krsa, crsa, kec, cec);
    }

    private static void sign(Path dir, Path key, Path cert, String subject, Path ca, Path caKey, Path ext)
            throws IOException, InterruptedException {
        Path csr = dir.resolve(cert.getFileName() + ".csr");
        openssl(dir, "req", "-new", "-key", key.toString(), "-out", csr.toString(), "-subj", subject);
        openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", ext.toString());
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed:\n" + out);
        }
    }
}
