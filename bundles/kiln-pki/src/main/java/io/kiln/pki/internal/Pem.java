package io.kiln.pki.internal;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Set;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;

/**
 * PEM text and the files that hold it. Keys are PKCS#8 ({@code PRIVATE KEY}) and written with mode 0600 from the
 * start (never readable by others, not even for a moment); every file is replaced atomically.
 */
final class Pem {
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private Pem() {
    }

    /** What is wrong with a key or certificate file, in words for an operator. */
    static final class FileProblem extends Exception {
        private static final long serialVersionUID = 1L;

        FileProblem(String message) {
            super(message);
        }
    }

    static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    static String certificate(X509Certificate c) {
        try {
            return encode("CERTIFICATE", c.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate readCertificate(Path file) throws FileProblem {
        Object o = read(file);
        if (!(o instanceof X509CertificateHolder h)) throw new FileProblem(file + " holds no PEM certificate");
        try {
            return new JcaX509CertificateConverter().getCertificate(h);
        } catch (CertificateException e) {
            throw new FileProblem(file + " holds a certificate that cannot be read: " + e.getMessage());
        }
    }

    static PrivateKey readPrivateKey(Path file) throws FileProblem {
        Object o = read(file);
        try {
            if (o instanceof PEMKeyPair kp) o = kp.getPrivateKeyInfo();
            if (o instanceof PrivateKeyInfo k) return privateKey(k);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new FileProblem(file + " holds a private key that cannot be read: " + e.getMessage());
        }
        throw new FileProblem(file + " holds no PEM private key");
    }

    static PublicKey readPublicKey(Path file) throws FileProblem {
        Object o = read(file);
        try {
            if (o instanceof SubjectPublicKeyInfo k) return publicKey(k);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new FileProblem(file + " holds a public key that cannot be read: " + e.getMessage());
        }
        throw new FileProblem(file + " holds no PEM public key");
    }

    /**
     * The JDK's key factory by the standard name ("EC", "RSA"), not BouncyCastle's converter: that one asks for
     * "ECDSA", which in Karaf finds the BC provider Apache SSHD registers globally (another BC version than this
     * bundle's), and its keys then call themselves "ECDSA".
     */
    static PrivateKey privateKey(PrivateKeyInfo k) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance(algorithm(k.getPrivateKeyAlgorithm().getAlgorithm())).generatePrivate(new PKCS8EncodedKeySpec(k.getEncoded()));
    }

    static PublicKey publicKey(SubjectPublicKeyInfo k) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance(algorithm(k.getAlgorithm().getAlgorithm())).generatePublic(new X509EncodedKeySpec(k.getEncoded()));
    }

    private static String algorithm(ASN1ObjectIdentifier oid) throws GeneralSecurityException {
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) return "EC";
        if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) return "RSA";
        throw new java.security.NoSuchAlgorithmException("key algorithm " + oid + " (EC or RSA only)");
    }

    private static Object read(Path file) throws FileProblem {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (AccessDeniedException e) {
            throw new FileProblem("cannot read " + file + ": permission denied (it must belong to the user Kiln runs as, mode 0600)");
        } catch (NoSuchFileException e) {
            throw new FileProblem(file + " does not exist");
        } catch (IOException e) {
            throw new FileProblem("cannot read " + file + ": " + e);
        }
        try (PEMParser p = new PEMParser(new StringReader(text))) {
            Object o = p.readObject();
            if (o == null) throw new FileProblem(file + " is not PEM (corrupt or empty)");
            return o;
        } catch (IOException | RuntimeException e) {
            throw new FileProblem(file + " is corrupt: " + e.getMessage());
        }
    }

    /** Writes a private key, mode 0600 from creation on, replacing the file atomically. */
    static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        write(file, encode("PRIVATE KEY", key.getEncoded()), OWNER_ONLY);
    }

    static void writePublicKey(Path file, PublicKey key) throws IOException {
        write(file, encode("PUBLIC KEY", key.getEncoded()), PUBLIC);
    }

    static void writeCertificate(Path file, X509Certificate c) throws IOException {
        write(file, certificate(c), PUBLIC);
    }

    private static void write(Path file, String text, Set<PosixFilePermission> mode) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(mode));
        try {
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
