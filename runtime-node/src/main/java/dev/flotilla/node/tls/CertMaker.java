package dev.flotilla.node.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes a small PKI for a cluster with BouncyCastle: a CA, and certificates it signs for nodes (server and client
 * use, since a node serves clients and peers and is itself a client of other nodes) and for clients. Keys are
 * ECDSA P-256, written as PKCS#8 PEM with owner-only permissions; certificates are PEM. Meant for test and
 * private clusters, not as a replacement for an organisation's CA.
 */
public final class CertMaker {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A certificate and its key. */
    public record Issued(X509Certificate cert, PrivateKey key) {
    }

    /** What a leaf certificate is for. */
    public enum Use {
        /** serverAuth and clientAuth: a node's client and peer URLs, and its calls to other nodes */
        NODE,
        /** clientAuth only: a CLI user or workbench */
        CLIENT
    }

    private CertMaker() {
    }

    public static Issued makeCa(String commonName, Duration validity) {
        KeyPair kp = newKey();
        X500Name name = new X500Name("CN=" + escape(commonName));
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = builder(name, name, kp, validity)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            return new Issued(sign(b, kp.getPrivate()), kp.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot make the CA certificate: " + e.getMessage(), e);
        }
    }

    /**
     * @param ips   IP addresses the certificate is valid for (literal addresses only, checked)
     * @param names DNS names it is valid for
     */
    public static Issued makeCert(Issued ca, String commonName, Use use, List<String> ips, List<String> names,
                                  Duration validity) {
        KeyPair kp = newKey();
        List<GeneralName> san = new ArrayList<>();
        for (String ip : ips) {
            san.add(new GeneralName(GeneralName.iPAddress, literalIp(ip)));
        }
        for (String n : names) {
            if (n.isBlank() || !n.matches("[A-Za-z0-9*.-]+")) {
                throw new IllegalArgumentException("--dns " + n + ": not a host name");
            }
            san.add(new GeneralName(GeneralName.dNSName, n));
        }
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            KeyPurposeId[] purposes = use == Use.NODE
                    ? new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}
                    : new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth};
            X509v3CertificateBuilder b = builder(
                    X500Name.getInstance(ca.cert().getSubjectX500Principal().getEncoded()),
                    new X500Name("CN=" + escape(commonName)), kp, validity)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(ca.cert()));
            if (!san.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(san.toArray(new GeneralName[0])));
            }
            return new Issued(sign(b, ca.key()), kp.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot make the certificate for " + commonName + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code <base>.pem} (certificate) and {@code <base>-key.pem} (PKCS#8 key, mode 600). */
    public static List<Path> write(Issued issued, Path dir, String base) throws IOException {
        Files.createDirectories(dir);
        Path cert = dir.resolve(base + ".pem");
        Path key = dir.resolve(base + "-key.pem");
        Files.writeString(cert, pem(issued.cert()), StandardCharsets.US_ASCII);
        Files.deleteIfExists(key);
        try {
            Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(key);
        }
        Files.writeString(key, pem(issued.key()), StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        return List.of(cert, key);
    }

    /** Reads back a CA written by {@link #write}. */
    public static Issued read(Path certFile, Path keyFile) {
        try {
            List<X509Certificate> certs = dev.flotilla.core.client.PemTls.certificates(certFile);
            return new Issued(certs.get(0), dev.flotilla.core.client.PemTls.privateKey(keyFile));
        } catch (dev.flotilla.core.client.ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static String pem(Object o) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(o instanceof PrivateKey k ? new JcaPKCS8Generator(k, null) : o);
        }
        return s.toString();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair kp, Duration validity) {
        Instant now = Instant.now();
        // a minute in the past, so a clock slightly behind the issuer's still accepts a fresh certificate
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM).add(BigInteger.ONE),
                Date.from(now.minusSeconds(60)), Date.from(now.plus(validity)), subject, kp.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer)
            throws GeneralSecurityException {
        try {
            String alg = "EC".equals(signer.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(alg).build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static KeyPair newKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make EC P-256 keys: " + e.getMessage(), e);
        }
    }

    private static String literalIp(String ip) {
        // only literal addresses: InetAddress.getByName would resolve a host name instead
        if (!ip.matches("[0-9.]+") && !ip.matches("[0-9A-Fa-f:]+")) {
            throw new IllegalArgumentException("--ip " + ip + ": not an IP address (use --dns for names)");
        }
        try {
            return InetAddress.getByName(ip).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--ip " + ip + ": not an IP address", e);
        }
    }

    private static String escape(String cn) {
        return cn.replaceAll("([,+=\"\\\\<>;#])", "\\\\$1");
    }

}
