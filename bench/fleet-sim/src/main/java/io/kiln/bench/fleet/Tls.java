package io.kiln.bench.fleet;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * What a node needs for TLS, as the node agent does it: an EC P-256 key and a PKCS#10 request written as DER by hand
 * (the agent's CsrBuilder), trust in Kiln pinned by the SHA-256 of its CA certificate ({@code kiln.ca=}), and an
 * SSLContext per node holding its client certificate (a context shared between nodes could resume one node's TLS
 * session for another, and Kiln would then see the wrong certificate).
 */
final class Tls {
    private static final HexFormat HEX = HexFormat.of();

    private Tls() {
    }

    static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** PEM of a CertificationRequest for {@code keys}, subject CN=kiln-agent, no attributes (Kiln sets the subject). */
    static String csrPem(KeyPair keys) throws GeneralSecurityException {
        byte[] subject = seq(tlv(0x31, seq(oid(new int[] {0x55, 0x04, 0x03}), tlv(0x0c, "kiln-agent".getBytes(StandardCharsets.UTF_8)))));
        byte[] info = seq(tlv(0x02, new byte[] {0}), subject, keys.getPublic().getEncoded(), tlv(0xa0));
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(keys.getPrivate());
        s.update(info);
        byte[] sig = s.sign();
        byte[] bits = new byte[sig.length + 1];
        System.arraycopy(sig, 0, bits, 1, sig.length);
        // 1.2.840.10045.4.3.2 ecdsa-with-SHA256
        byte[] alg = seq(oid(new int[] {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02}));
        byte[] der = seq(info, alg, tlv(0x03, bits));
        return "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END CERTIFICATE REQUEST-----\n";
    }

    private static byte[] oid(int[] encoded) {
        byte[] b = new byte[encoded.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) encoded[i];
        return tlv(0x06, b);
    }

    private static byte[] seq(byte[]... parts) {
        return tlv(0x30, parts);
    }

    private static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] p : parts) body.writeBytes(p);
        byte[] b = body.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = b.length;
        if (len < 0x80) {
            out.write(len);
        } else {
            int n = len > 0xffff ? 3 : len > 0xff ? 2 : 1;
            out.write(0x80 | n);
            for (int i = n - 1; i >= 0; i--) out.write(len >>> (8 * i));
        }
        out.writeBytes(b);
        return out.toByteArray();
    }

    static List<X509Certificate> certificates(String pem) throws CertificateException {
        CertificateFactory f = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (var c : f.generateCertificates(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) out.add((X509Certificate) c);
        return out;
    }

    static String sha256(X509Certificate c) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A context trusting only a chain that holds the pinned CA, presenting {@code cert} with {@code key} (both null: no client certificate). */
    static SSLContext context(String pin, PrivateKey key, String certPem) throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        javax.net.ssl.KeyManager[] km = null;
        if (key != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try {
                ks.load(null, null);
            } catch (java.io.IOException e) {
                throw new GeneralSecurityException(e);
            }
            ks.setKeyEntry("node", key, new char[0], certificates(certPem).toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
            km = kmf.getKeyManagers();
        }
        ctx.init(km, new javax.net.ssl.TrustManager[] {new Pinned(pin)}, null);
        return ctx;
    }

    /** The node agent's PinnedTrustManager in short: the chain must contain the pinned CA and verify up to it. */
    static final class Pinned extends X509ExtendedTrustManager {
        private final String pin;

        Pinned(String pin) {
            this.pin = pin.toLowerCase(Locale.ROOT);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            int anchor = -1;
            for (int i = 0; i < chain.length && anchor < 0; i++) if (sha256(chain[i]).equals(pin)) anchor = i;
            if (anchor < 0) throw new CertificateException("pin refused: Kiln's CA " + pin + " is not in the server's chain");
            for (int i = 0; i < anchor; i++) {
                try {
                    chain[i].verify(chain[i + 1].getPublicKey());
                } catch (GeneralSecurityException e) {
                    throw new CertificateException("pin refused: chain does not verify: " + e.getMessage());
                }
            }
            chain[0].checkValidity();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("client only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("client only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

}
