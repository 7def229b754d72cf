package io.kiln.pki.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kiln's key directory: {@code ca.key}/{@code ca.pem}, {@code server.key}/{@code server.pem},
 * {@code signing.key}/{@code signing.pem}, {@code token.key}/{@code token.pub}. What is missing is made (the CA only when
 * neither of its files exists); what exists but cannot be used (corrupt, unreadable, a key that does not belong to its
 * certificate) is a {@link Pem.FileProblem}, never overwritten: an operator decides about a CA key.
 */
final class PkiDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(PkiDirectory.class);
    static final int CA_DAYS = 3650;
    static final int SIGNING_DAYS = 730;
    /** Server and signing certificates are re-issued this long before they expire. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    /** notBefore of issued certificates is this far back, for clients whose clocks run late. */
    static final Duration SKEW = Duration.ofMinutes(5);

    private final Path dir;

    PkiDirectory(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /**
     * Loads the directory, making what is missing and re-issuing a server certificate that is due or lacks a name and a
     * signing certificate that is due.
     */
    KeyMaterial open(List<String> names, int serverDays, Instant now) throws Pem.FileProblem, IOException {
        prepareDirectory();
        Path caKeyFile = dir.resolve("ca.key");
        Path caFile = dir.resolve("ca.pem");
        X509Certificate ca;
        PrivateKey caKey;
        if (!Files.exists(caKeyFile) && !Files.exists(caFile)) {
            KeyPair kp = Certificates.ecKey();
            ca = Certificates.ca(kp, "Kiln CA " + Certificates.shortId(), now, CA_DAYS);
            caKey = kp.getPrivate();
            Pem.writePrivateKey(caKeyFile, caKey);
            Pem.writeCertificate(caFile, ca);
            LOG.info("Kiln PKI: created the CA {} (kiln.ca={}) in {}", Certificates.subject(ca), Certificates.sha256(ca), dir);
        } else {
            if (!Files.exists(caKeyFile)) throw new Pem.FileProblem(caFile + " exists but its key " + caKeyFile + " does not");
            if (!Files.exists(caFile)) throw new Pem.FileProblem(caKeyFile + " exists but its certificate " + caFile + " does not");
            caKey = readKey(caKeyFile);
            ca = Pem.readCertificate(caFile);
            String mismatch = Certificates.mismatch(caKey, ca.getPublicKey());
            if (mismatch != null) throw new Pem.FileProblem(caKeyFile + " is not the key of " + caFile + ": " + mismatch);
        }
        X509Certificate[] server = new X509Certificate[1];
        PrivateKey serverKey = loadIssued("server", ca, server);
        X509Certificate[] signing = new X509Certificate[1];
        PrivateKey signingKey = loadIssued("signing", ca, signing);
        KeyPair token = loadToken();
        KeyMaterial k = new KeyMaterial(ca, caKey, server[0], serverKey, signing[0], signingKey, token);
        String why = serverDue(k.server(), names, now);
        if (why != null) k = issueServer(k, names, serverDays, now, why);
        if (k.signing() == null || !now.isBefore(k.signing().getNotAfter().toInstant().minus(RENEW_BEFORE))) k = issueSigning(k, now);
        return k;
    }

    /** Why the server certificate must be re-issued (missing, due, lacking a name, another CA's), or null. */
    static String serverDue(X509Certificate server, List<String> names, Instant now) {
        if (server == null) return "there is none";
        if (!now.isBefore(server.getNotAfter().toInstant().minus(RENEW_BEFORE))) return "it expires " + server.getNotAfter().toInstant();
        Set<String> has = new HashSet<>(Certificates.names(server));
        List<String> lacking = new ArrayList<>();
        for (String n : names) if (!has.contains(n)) lacking.add(n);
        return lacking.isEmpty() ? null : "it lacks " + String.join(", ", lacking);
    }

    KeyMaterial issueServer(KeyMaterial k, List<String> names, int days, Instant now, String why) throws IOException {
        KeyPair kp = Certificates.ecKey();
        String cn = names.isEmpty() ? "kiln" : names.get(0);
        X509Certificate cert = Certificates.issue(k.ca(), k.caKey(), cn, kp.getPublic(), now.minus(SKEW), now.plus(Duration.ofDays(days)),
                Certificates.serverNames(names), KeyPurposeId.id_kp_serverAuth);
        Pem.writePrivateKey(dir.resolve("server.key"), kp.getPrivate());
        Pem.writeCertificate(dir.resolve("server.pem"), cert);
        LOG.info("Kiln PKI: issued the server certificate for {} until {} ({})", names, cert.getNotAfter().toInstant(), why);
        return k.withServer(cert, kp.getPrivate());
    }

    KeyMaterial issueSigning(KeyMaterial k, Instant now) throws IOException {
        KeyPair kp = Certificates.ecKey();
        X509Certificate cert = Certificates.issue(k.ca(), k.caKey(), "Kiln code signing", kp.getPublic(), now.minus(SKEW),
                now.plus(Duration.ofDays(SIGNING_DAYS)), null, KeyPurposeId.id_kp_codeSigning);
        Pem.writePrivateKey(dir.resolve("signing.key"), kp.getPrivate());
        Pem.writeCertificate(dir.resolve("signing.pem"), cert);
        LOG.info("Kiln PKI: issued the code-signing certificate until {}", cert.getNotAfter().toInstant());
        return k.withSigning(cert, kp.getPrivate());
    }

    /**
     * The boot material: an RSA intermediate CA under Kiln's CA, an RSA server certificate it issues for the same names,
     * and {@code boot-cacerts.esl}, the boot CA as a UEFI signature list (what QEMU's
     * {@code -fw_cfg name=etc/edk2/https/cacerts} or a firmware's TLS CA setting takes). UEFI HTTPS boot (OVMF's
     * TlsDxe) speaks TLS 1.2 with RSA only, so Kiln's EC certificates are no use to it; clients that pin Kiln's CA
     * (the agent) still reach it through the chain.
     */
    BootMaterial openBoot(KeyMaterial k, List<String> names, int serverDays, Instant now) throws Pem.FileProblem, IOException {
        X509Certificate[] bootCa = new X509Certificate[1];
        PrivateKey bootCaKey = loadIssued("boot-ca", k.ca(), bootCa);
        if (bootCaKey == null || !now.isBefore(bootCa[0].getNotAfter().toInstant().minus(RENEW_BEFORE))) {
            KeyPair kp = Certificates.rsaKey();
            bootCa[0] = Certificates.subCa(k.ca(), k.caKey(), kp, "Kiln boot CA " + Certificates.shortId(), now, CA_DAYS);
            bootCaKey = kp.getPrivate();
            Pem.writePrivateKey(dir.resolve("boot-ca.key"), bootCaKey);
            Pem.writeCertificate(dir.resolve("boot-ca.pem"), bootCa[0]);
            LOG.info("Kiln PKI: created the boot CA {} (RSA, for UEFI HTTPS boot) under {}", Certificates.subject(bootCa[0]),
                    Certificates.subject(k.ca()));
        }
        X509Certificate[] server = new X509Certificate[1];
        PrivateKey serverKey = loadIssued("boot-server", bootCa[0], server);
        String why = serverDue(server[0], names, now);
        if (why != null) {
            KeyPair kp = Certificates.rsaKey();
            server[0] = Certificates.issue(bootCa[0], bootCaKey, names.isEmpty() ? "kiln" : names.get(0), kp.getPublic(), now.minus(SKEW),
                    now.plus(Duration.ofDays(serverDays)), Certificates.serverNames(names), KeyPurposeId.id_kp_serverAuth);
            serverKey = kp.getPrivate();
            Pem.writePrivateKey(dir.resolve("boot-server.key"), serverKey);
            Pem.writeCertificate(dir.resolve("boot-server.pem"), server[0]);
            LOG.info("Kiln PKI: issued the boot server certificate (RSA) for {} ({})", names, why);
        }
        byte[] esl = EfiSignatureList.of(bootCa[0]);
        Path eslFile = dir.resolve("boot-cacerts.esl");
        if (!Files.exists(eslFile) || !java.util.Arrays.equals(Files.readAllBytes(eslFile), esl)) Files.write(eslFile, esl);
        return new BootMaterial(bootCa[0], server[0], serverKey, eslFile);
    }

    /** A certificate the CA issued and its key, or null (then made by the caller) when neither file exists. */
    private PrivateKey loadIssued(String name, X509Certificate ca, X509Certificate[] cert) throws Pem.FileProblem {
        Path keyFile = dir.resolve(name + ".key");
        Path certFile = dir.resolve(name + ".pem");
        if (!Files.exists(keyFile) || !Files.exists(certFile)) return null;
        PrivateKey key = readKey(keyFile);
        X509Certificate c = Pem.readCertificate(certFile);
        String mismatch = Certificates.mismatch(key, c.getPublicKey());
        if (mismatch != null) throw new Pem.FileProblem(keyFile + " is not the key of " + certFile + ": " + mismatch);
        // another CA's (the CA files were replaced): made again by this one
        if (!Certificates.issuedBy(c, ca)) return null;
        cert[0] = c;
        return key;
    }

    private KeyPair loadToken() throws Pem.FileProblem, IOException {
        Path keyFile = dir.resolve("token.key");
        Path pubFile = dir.resolve("token.pub");
        if (!Files.exists(keyFile) && !Files.exists(pubFile)) {
            KeyPair kp = Certificates.ecKey();
            Pem.writePrivateKey(keyFile, kp.getPrivate());
            Pem.writePublicKey(pubFile, kp.getPublic());
            LOG.info("Kiln PKI: created the token-signing key (ES256)");
            return kp;
        }
        PrivateKey key = readKey(keyFile);
        PublicKey pub = Pem.readPublicKey(pubFile);
        String mismatch = Certificates.mismatch(key, pub);
        if (mismatch != null) throw new Pem.FileProblem(pubFile + " is not the public key of " + keyFile + ": " + mismatch);
        return new KeyPair(pub, key);
    }

    /** Reads a key file; one that others may read is made private again (and said so). */
    private PrivateKey readKey(Path file) throws Pem.FileProblem {
        PrivateKey key = Pem.readPrivateKey(file);
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (!Pem.OWNER_ONLY.containsAll(mode)) {
                Files.setPosixFilePermissions(file, Pem.OWNER_ONLY);
                LOG.warn("Kiln PKI: {} was {}; made it rw------- (0600)", file, PosixFilePermissions.toString(mode));
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("Kiln PKI: cannot check or set the mode of {}: {}", file, e.toString());
        }
        return key;
    }

    private void prepareDirectory() throws IOException {
        Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rwx------");
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(owner));
        }
        if (!Files.getPosixFilePermissions(dir).equals(owner)) Files.setPosixFilePermissions(dir, owner);
    }
}
