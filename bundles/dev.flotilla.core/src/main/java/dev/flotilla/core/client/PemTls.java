package dev.flotilla.core.client;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds an {@link SSLContext} from the PEM files etcd and its tools use: a CA bundle to trust, and a client
 * certificate chain with its private key. Keys may be PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA
 * ({@code BEGIN RSA PRIVATE KEY}) or SEC1 EC ({@code BEGIN EC PRIVATE KEY}) as openssl and cfssl write them;
 * the JDK reads only PKCS#8, so the other two are wrapped into PKCS#8 here.
 */
public final class PemTls {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final char[] NO_PASSWORD = new char[0];

    private PemTls() {
    }

    /**
     * @param caFile   PEM certificates to trust; null trusts the JDK's default authorities
     * @param certFile PEM client certificate (chain), or null for no client certificate
     * @param keyFile  PEM private key of {@code certFile}; required exactly when certFile is given
     */
    public static SSLContext sslContext(Path caFile, Path certFile, Path keyFile) throws ConfigException {
        if ((certFile == null) != (keyFile == null)) {
            throw new ConfigException(certFile == null
                    ? "--key-file " + keyFile + " given without --cert-file: a client key needs its certificate"
                    : "--cert-file " + certFile + " given without --key-file: a client certificate needs its key");
        }
        try {
            TrustManagerFactory tmf = null;
            if (caFile != null) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                int i = 0;
                for (X509Certificate c : certificates(caFile)) {
                    trust.setCertificateEntry("ca-" + i++, c);
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (certFile != null) {
                List<X509Certificate> chain = certificates(certFile);
                PrivateKey key = privateKey(keyFile);
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, NO_PASSWORD);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("cannot set up TLS from " + describe(caFile, certFile, keyFile) + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new ConfigException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** All certificates of a PEM file, in file order. */
    public static List<X509Certificate> certificates(Path file) throws ConfigException {
        String text = read(file);
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(file, text)) {
                if (b.type.equals("CERTIFICATE")) {
                    Collection<? extends Certificate> cs = cf.generateCertificates(new ByteArrayInputStream(b.der));
                    for (Certificate c : cs) {
                        out.add((X509Certificate) c);
                    }
                }
            }
        } catch (CertificateException e) {
            throw new ConfigException(file + ": not a valid X.509 certificate: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new ConfigException(file + ": no '-----BEGIN CERTIFICATE-----' block found");
        }
        return out;
    }

    /** The first private key of a PEM file (PKCS#8, PKCS#1 RSA or SEC1 EC). */
    public static PrivateKey privateKey(Path file) throws ConfigException {
        String text = read(file);
        for (Block b : blocks(file, text)) {
            switch (b.type) {
                case "PRIVATE KEY":
                    return pkcs8(file, b.der, "RSA", "EC", "Ed25519", "Ed448");
                case "RSA PRIVATE KEY":
                    return pkcs8(file, wrapRsa(b.der), "RSA");
                case "EC PRIVATE KEY":
                    return pkcs8(file, wrapEc(file, b.der), "EC");
                case "ENCRYPTED PRIVATE KEY":
                    throw new ConfigException(file + ": the private key is encrypted; decrypt it first "
                            + "(openssl pkcs8 -in " + file + " -out key.pem)");
                default:
                    // certificates or parameters before the key: keep looking
            }
        }
        throw new ConfigException(file + ": no '-----BEGIN PRIVATE KEY-----' (or RSA/EC PRIVATE KEY) block found");
    }

    private static PrivateKey pkcs8(Path file, byte[] der, String... algorithms) throws ConfigException {
        for (String alg : algorithms) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // try the next algorithm
            }
        }
        throw new ConfigException(file + ": the private key is not a valid " + String.join("/", algorithms) + " key");
    }

    private record Block(String type, byte[] der) {
    }

    private static List<Block> blocks(Path file, String text) throws ConfigException {
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            if (body.contains(":")) {
                // "Proc-Type: 4,ENCRYPTED" headers of old-style encrypted keys
                throw new ConfigException(file + ": the " + m.group(1).toLowerCase(java.util.Locale.ROOT)
                        + " is encrypted; decrypt it first");
            }
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                throw new ConfigException(file + ":" + line + ": the " + m.group(1) + " block is not valid base64");
            }
        }
        return out;
    }

    private static String read(Path file) throws ConfigException {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ConfigException(file + ": not a PEM file (it is not ASCII text)");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static String describe(Path ca, Path cert, Path key) {
        List<String> parts = new ArrayList<>();
        if (ca != null) {
            parts.add("CA " + ca);
        }
        if (cert != null) {
            parts.add("certificate " + cert);
        }
        if (key != null) {
            parts.add("key " + key);
        }
        return String.join(", ", parts);
    }

    // --- minimal DER, just enough to wrap PKCS#1 and SEC1 keys into PKCS#8 ---

    private static final byte[] OID_RSA = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] OID_EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] DER_NULL = {0x05, 0x00};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private static byte[] wrapRsa(byte[] pkcs1) {
        return tlv(0x30, concat(VERSION_0, tlv(0x30, concat(OID_RSA, DER_NULL)), tlv(0x04, pkcs1)));
    }

    /** SEC1 ECPrivateKey ::= SEQUENCE { version, privateKey OCTET STRING, [0] curve OID, [1] public key }. */
    private static byte[] wrapEc(Path file, byte[] sec1) throws ConfigException {
        try {
            int[] seq = header(sec1, 0);
            int pos = seq[0];
            int end = seq[0] + seq[1];
            byte[] curve = null;
            while (pos < end) {
                int tag = sec1[pos] & 0xff;
                int[] h = header(sec1, pos);
                if (tag == 0xa0) {
                    int[] oid = header(sec1, h[0]);
                    curve = java.util.Arrays.copyOfRange(sec1, h[0], oid[0] + oid[1]);
                }
                pos = h[0] + h[1];
            }
            if (curve == null) {
                throw new ConfigException(file + ": the EC private key does not name its curve");
            }
            return tlv(0x30, concat(VERSION_0, tlv(0x30, concat(OID_EC_PUBLIC_KEY, curve)), tlv(0x04, sec1)));
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new ConfigException(file + ": the EC private key is truncated or not DER");
        }
    }

    /** Returns {offset of the content, content length} of the TLV at {@code pos}. */
    private static int[] header(byte[] der, int pos) {
        int lenByte = der[pos + 1] & 0xff;
        if (lenByte < 0x80) {
            return new int[] {pos + 2, lenByte};
        }
        int n = lenByte & 0x7f;
        int len = 0;
        for (int i = 0; i < n; i++) {
            len = (len << 8) | (der[pos + 2 + i] & 0xff);
        }
        return new int[] {pos + 2 + n, len};
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else {
            int n = len > 0xffffff ? 4 : len > 0xffff ? 3 : len > 0xff ? 2 : 1;
            out.write(0x80 | n);
            for (int i = n - 1; i >= 0; i--) {
                out.write(len >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
