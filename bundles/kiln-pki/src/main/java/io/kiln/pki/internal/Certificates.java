package io.kiln.pki.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Making and reading certificates: EC P-256 keys, the self-signed CA, and certificates the CA issues (server, code
 * signing, hosts). BouncyCastle builds the ASN.1; the JDK's own providers do the cryptography (no provider is
 * registered, so nothing global changes in the JVM).
 */
final class Certificates {
    static final SecureRandom RANDOM = new SecureRandom();
    /** The prefix of the SAN URI that names a host in its client certificate. */
    static final String HOST_URI = "urn:kiln:host:";
    static final String SIGNATURE = "SHA256withECDSA";

    private Certificates() {
    }

    static KeyPair ecKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make EC P-256 keys", e);
        }
    }

    /** An RSA-2048 key: UEFI firmware's TLS (OVMF's HTTPS boot) knows RSA only. */
    static KeyPair rsaKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make RSA keys", e);
        }
    }

    /**
     * An intermediate CA the CA issues (basicConstraints CA:true, pathLen 0; keyCertSign + cRLSign), for a key of
     * another type than its own: the boot CA, RSA under the EC root.
     */
    static X509Certificate subCa(X509Certificate ca, PrivateKey caKey, KeyPair key, String commonName, Instant now, int days) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X500Name issuer = X500Name.getInstance(ca.getSubjectX500Principal().getEncoded());
            Instant end = now.plus(java.time.Duration.ofDays(days));
            if (end.isAfter(ca.getNotAfter().toInstant())) end = ca.getNotAfter().toInstant();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(now.minusSeconds(300)), Date.from(end),
                    cn(commonName), key.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
            return sign(b, caKey);
        } catch (GeneralSecurityException | org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException("cannot make the intermediate CA " + commonName, e);
        }
    }

    /** A random positive 128-bit serial number. */
    static BigInteger serial() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        BigInteger s = new BigInteger(1, b);
        return s.signum() == 0 ? BigInteger.ONE : s;
    }

    /** A short random id for the CA's name, so two appliances' CAs are told apart: 8 hex digits. */
    static String shortId() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The self-signed CA: basicConstraints CA:true (critical), keyCertSign + cRLSign, valid {@code days} from now. */
    static X509Certificate ca(KeyPair key, String commonName, Instant now, int days) {
        X500Name name = cn(commonName);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minusSeconds(300)),
                    Date.from(now.plus(java.time.Duration.ofDays(days))), name, key.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
            return sign(b, key.getPrivate());
        } catch (GeneralSecurityException | org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException("cannot make the CA certificate", e);
        }
    }

    /**
     * A certificate the CA issues: basicConstraints CA:false (critical), keyUsage digitalSignature (critical), the
     * one extended key usage, and the subject alternative names (or none).
     */
    static X509Certificate issue(X509Certificate ca, PrivateKey caKey, String commonName, PublicKey subjectKey, Instant notBefore,
                                 Instant notAfter, GeneralNames names, KeyPurposeId purpose) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X500Name issuer = X500Name.getInstance(ca.getSubjectX500Principal().getEncoded());
            // never later than the CA itself
            Instant end = notAfter.isAfter(ca.getNotAfter().toInstant()) ? ca.getNotAfter().toInstant() : notAfter;
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(notBefore), Date.from(end),
                    cn(commonName), subjectKey);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
            if (names != null) b.addExtension(Extension.subjectAlternativeName, false, names);
            return sign(b, caKey);
        } catch (GeneralSecurityException | org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + commonName, e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
        try {
            // the issuer's key decides the algorithm: ECDSA for Kiln's CA, RSA for the boot CA
            ContentSigner signer = new JcaContentSignerBuilder("RSA".equals(key.getAlgorithm()) ? "SHA256withRSA" : SIGNATURE).build(key);
            return new JcaX509CertificateConverter().getCertificate(b.build(signer));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** The SANs of a server certificate: each name as an IP address or a DNS name. */
    static GeneralNames serverNames(List<String> names) {
        List<GeneralName> out = new ArrayList<>();
        for (String n : names) out.add(new GeneralName(Names.isIp(n) ? GeneralName.iPAddress : GeneralName.dNSName, n));
        return new GeneralNames(out.toArray(GeneralName[]::new));
    }

    /** A certificate's subject alternative names as text (DNS names, IP addresses, URIs), IPs normalized. */
    static List<String> names(X509Certificate c) {
        List<String> out = new ArrayList<>();
        try {
            if (c.getSubjectAlternativeNames() == null) return out;
            for (List<?> san : c.getSubjectAlternativeNames()) {
                int type = (Integer) san.get(0);
                Object v = san.get(1);
                if (!(v instanceof String s)) continue;
                if (type == GeneralName.iPAddress) out.add(Names.normalize(s) == null ? s : Names.normalize(s));
                else if (type == GeneralName.dNSName || type == GeneralName.uniformResourceIdentifier) out.add(s);
            }
        } catch (CertificateParsingException e) {
            // no readable SANs: none
        }
        return out;
    }

    /** The host a client certificate names in its {@code urn:kiln:host:} SAN URI, or null. */
    static String host(X509Certificate c) {
        for (String n : names(c)) if (n.startsWith(HOST_URI) && n.length() > HOST_URI.length()) return n.substring(HOST_URI.length());
        return null;
    }

    static String sha256(X509Certificate c) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String serialHex(X509Certificate c) {
        return c.getSerialNumber().toString(16);
    }

    static String subject(X509Certificate c) {
        return c.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253);
    }

    /** Null when the private key belongs to the public key (a signature made with one verifies with the other), else why not. */
    static String mismatch(PrivateKey priv, PublicKey pub) {
        try {
            byte[] probe = new byte[32];
            RANDOM.nextBytes(probe);
            // by type, not getAlgorithm(): BC's keys say "ECDSA", the JDK's "EC"
            String alg = priv instanceof java.security.interfaces.ECPrivateKey ? SIGNATURE : "SHA256withRSA";
            Signature s = Signature.getInstance(alg);
            s.initSign(priv);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(probe);
            return v.verify(sig) ? null : "a signature made with it does not verify with the certificate's public key";
        } catch (GeneralSecurityException | RuntimeException e) {
            return "it cannot be used with the certificate's public key: " + e;
        }
    }

    /** True when the CA's key signed the certificate. */
    static boolean issuedBy(X509Certificate c, X509Certificate ca) {
        try {
            c.verify(ca.getPublicKey());
            return c.getIssuerX500Principal().equals(ca.getSubjectX500Principal());
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X500Name cn(String commonName) {
        return new org.bouncycastle.asn1.x500.X500NameBuilder(org.bouncycastle.asn1.x500.style.BCStyle.INSTANCE)
                .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.CN, commonName).build();
    }
}
