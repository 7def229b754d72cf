package io.kiln.pki.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.pki.CertificateRecord;
import io.kiln.api.pki.ClientVerdict;
import io.kiln.api.pki.IssuedCertificate;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostCertificateTest {
    @TempDir
    Path tmp;
    Fixture f;
    PkiService pki;
    Openssl openssl;

    @BeforeEach
    void start() {
        f = new Fixture(tmp.resolve("pki"));
        pki = f.start();
        openssl = new Openssl(tmp);
    }

    /** A request as a node makes it with openssl; returns its PEM. */
    String csr(String name, String... newkey) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("req", "-new"));
        args.addAll(List.of(newkey));
        args.addAll(List.of("-nodes", "-subj", "/CN=x", "-keyout", name + ".key", "-out", name + ".csr"));
        openssl.ok(args.toArray(String[]::new));
        return Files.readString(tmp.resolve(name + ".csr"));
    }

    String p256() throws Exception {
        return csr("p256", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256");
    }

    static X509Certificate x509(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aNodesOpensslRequestIsSignedAsAClientCertificateNamingTheHost() throws Exception {
        IssuedCertificate c = pki.signHostRequest("edge-01", p256());
        Files.writeString(tmp.resolve("host.pem"), c.pem());
        Files.writeString(tmp.resolve("ca.pem"), c.caPem());
        assertTrue(openssl.ok("verify", "-CAfile", "ca.pem", "-purpose", "sslclient", "host.pem").contains("host.pem: OK"));
        assertTrue(openssl.ok("x509", "-in", "host.pem", "-noout", "-ext", "subjectAltName").contains("URI:urn:kiln:host:edge-01"));
        assertTrue(openssl.ok("x509", "-in", "host.pem", "-noout", "-ext", "extendedKeyUsage").contains("TLS Web Client Authentication"));
        assertTrue(openssl.ok("x509", "-in", "host.pem", "-noout", "-ext", "keyUsage").contains("Digital Signature"));
        assertTrue(openssl.ok("x509", "-in", "host.pem", "-noout", "-subject").contains("CN = edge-01"), "the request's own subject is ignored");
        // the certificate carries the key of the request
        assertEquals(openssl.ok("pkey", "-in", "p256.key", "-pubout"), openssl.ok("x509", "-in", "host.pem", "-noout", "-pubkey"));
        X509Certificate x = x509(c.pem());
        assertEquals(Duration.ofDays(7).plusMinutes(5), Duration.between(x.getNotBefore().toInstant(), x.getNotAfter().toInstant()));
        assertTrue(x.getSerialNumber().bitLength() > 64 && x.getSerialNumber().bitLength() <= 128);
        assertEquals(c.serial(), x.getSerialNumber().toString(16));
        assertEquals(Certificates.sha256(x), c.sha256());
        CertificateRecord r = pki.certificates().stream().filter(k -> "HOST".equals(k.kind())).findFirst().orElseThrow();
        assertEquals(List.of("edge-01", c.serial(), c.sha256()), List.of(r.host(), r.serial(), r.sha256()));
        assertNull(r.revoked());
        // recorded in the store, so a restarted Kiln lists it
        assertTrue(f.start().certificates().stream().anyMatch(k -> c.serial().equals(k.serial())));
    }

    @ParameterizedTest
    @CsvSource({"ec,ec_paramgen_curve:P-384", "rsa,rsa_keygen_bits:2048"})
    void p384AndRsa2048AreAccepted(String alg, String opt) throws Exception {
        IssuedCertificate c = pki.signHostRequest("n1", csr(alg, "-newkey", alg, "-pkeyopt", opt));
        assertTrue(pki.verifyClient(x509(c.pem())).ok());
    }

    @Test
    void badRequestsAreRefusedWithAReason() throws Exception {
        String good = p256();
        // the subject's CN=x altered to CN=y: still well formed, its signature no longer verifies
        byte[] der = Base64.getMimeDecoder().decode(good.replaceAll("-----[A-Z ]+-----", "").trim());
        byte[] cn = {0x0c, 0x01, 'x'};
        int at = indexOf(der, cn);
        assertTrue(at > 0);
        der[at + 2] = 'y';
        String altered = Pem.encode("CERTIFICATE REQUEST", der);
        assertInvalid(altered, "signature does not verify");
        assertInvalid("hello", "not a PEM PKCS#10 certificate request");
        assertInvalid("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n", "not a PEM PKCS#10 certificate request");
        assertInvalid("", "empty");
        assertInvalid(csr("rsa1024", "-newkey", "rsa:1024"), "RSA key has 1024 bits: Kiln accepts 2048 or more");
        assertInvalid(csr("p521", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-521"), "Kiln accepts P-256 and P-384 only");
        assertInvalid(csr("ed25519", "-newkey", "ed25519"), "is not accepted");
        KilnException badHost = assertThrows(KilnException.class, () -> pki.signHostRequest("a b", good));
        assertTrue(badHost.getMessage().contains("host name 'a b' is not allowed"));
        assertEquals(0, pki.certificates().stream().filter(c -> "HOST".equals(c.kind())).count(), "nothing refused was recorded");
    }

    void assertInvalid(String csr, String reason) {
        KilnException e = assertThrows(KilnException.class, () -> pki.signHostRequest("n1", csr));
        assertEquals(KilnException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    @Test
    void aGoodCertificateNamesItsHost() throws Exception {
        IssuedCertificate c = pki.signHostRequest("edge-01", p256());
        ClientVerdict v = pki.verifyClient(x509(c.pem()));
        assertTrue(v.ok(), v.reason());
        assertEquals("edge-01", v.host());
        assertEquals(c.sha256(), v.sha256());
    }

    @Test
    void aRevokedCertificateIsRefusedWithWhenAndWhyAlsoAfterARestart() throws Exception {
        IssuedCertificate c = pki.signHostRequest("edge-01", p256());
        IssuedCertificate other = pki.signHostRequest("edge-02", p256());
        assertEquals(1, pki.revokeHost("edge-01", "decommissioned"));
        assertEquals(0, pki.revokeHost("edge-01", "again"), "already revoked");
        for (PkiService p : List.of(pki, f.start())) {
            ClientVerdict v = p.verifyClient(x509(c.pem()));
            assertFalse(v.ok());
            assertTrue(v.reason().startsWith("certificate was revoked at " + f.clock.instant()) && v.reason().endsWith(": decommissioned"), v.reason());
            assertTrue(p.verifyClient(x509(other.pem())).ok(), "another host's certificate stays good");
        }
        CertificateRecord r = pki.certificates().stream().filter(k -> c.serial().equals(k.serial())).findFirst().orElseThrow();
        assertEquals("decommissioned", r.revokedReason());
        assertNotNull(r.revoked());
    }

    @Test
    void anExpiredCertificateSaysWhen() throws Exception {
        IssuedCertificate c = pki.signHostRequest("edge-01", p256());
        f.clock.advance(Duration.ofDays(7).plusSeconds(1));
        ClientVerdict v = pki.verifyClient(x509(c.pem()));
        assertFalse(v.ok());
        assertEquals("certificate expired at " + c.notAfter(), v.reason());
        assertEquals(0, pki.revokeHost("edge-01", "late"), "an expired certificate needs no revocation");
    }

    @Test
    void aCertificateOfAnotherCaIsRefusedNamingItsIssuer() throws Exception {
        openssl.ok("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=Foreign CA", "-days", "30",
                "-keyout", "foreign.key", "-out", "foreign.pem");
        Files.writeString(tmp.resolve("n.csr"), p256());
        Files.writeString(tmp.resolve("ext.cnf"), "subjectAltName=URI:urn:kiln:host:edge-01\nextendedKeyUsage=clientAuth\n");
        openssl.ok("x509", "-req", "-in", "n.csr", "-CA", "foreign.pem", "-CAkey", "foreign.key", "-CAcreateserial", "-days", "7",
                "-extfile", "ext.cnf", "-out", "n.pem");
        ClientVerdict v = pki.verifyClient(x509(Files.readString(tmp.resolve("n.pem"))));
        assertFalse(v.ok());
        assertEquals("certificate was not issued by this Kiln's CA (issuer CN=Foreign CA)", v.reason());
        assertEquals(64, v.sha256().length());
    }

    @Test
    void aCertificateOfThisCaThatKilnDidNotRecordOrThatNamesNoHostIsRefused() throws Exception {
        X509Certificate ca = Pem.readCertificate(f.dir.resolve("ca.pem"));
        java.security.PrivateKey caKey = Pem.readPrivateKey(f.dir.resolve("ca.key"));
        KeyPair kp = Certificates.ecKey();
        X509Certificate unrecorded = Certificates.issue(ca, caKey, "edge-09", kp.getPublic(), f.clock.instant().minusSeconds(60),
                f.clock.instant().plus(Duration.ofDays(1)),
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, "urn:kiln:host:edge-09")), KeyPurposeId.id_kp_clientAuth);
        ClientVerdict v = pki.verifyClient(unrecorded);
        assertFalse(v.ok());
        assertTrue(v.reason().contains("serial " + unrecorded.getSerialNumber().toString(16) + " is unknown to Kiln"), v.reason());
        X509Certificate server = Pem.readCertificate(f.dir.resolve("server.pem"));
        assertTrue(pki.verifyClient(server).reason().contains("names no host"), pki.verifyClient(server).reason());
        assertEquals("no client certificate", pki.verifyClient(null).reason());
    }
}
