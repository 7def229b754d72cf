package io.kiln.pki.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.pki.CertificateRecord;
import io.kiln.api.status.SubsystemStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    @TempDir
    Path tmp;

    Fixture f() {
        return new Fixture(tmp.resolve("pki"));
    }

    static CertificateRecord kind(PkiService pki, String kind) {
        return pki.certificates().stream().filter(c -> c.kind().equals(kind)).findFirst().orElseThrow();
    }

    @Test
    void theCaServerAndSigningCertificatesVerifyWithOpensslAndCarryTheNames() {
        Fixture f = f();
        PkiService pki = f.start("names", "kiln.example.net, 10.9.8.7, fd00::7");
        Openssl openssl = new Openssl(f.dir);
        assertTrue(openssl.ok("verify", "-CAfile", "ca.pem", "server.pem").contains("server.pem: OK"));
        assertTrue(openssl.ok("verify", "-CAfile", "ca.pem", "-purpose", "sslserver", "server.pem").contains("OK"));
        String sans = openssl.ok("x509", "-in", "server.pem", "-noout", "-ext", "subjectAltName");
        for (String n : List.of("DNS:kiln.example.net", "IP Address:10.9.8.7", "IP Address:FD00:0:0:0:0:0:0:7", "DNS:kiln-test", "DNS:localhost",
                "IP Address:127.0.0.1")) {
            assertTrue(sans.contains(n), n + " in " + sans);
        }
        String ca = openssl.ok("x509", "-in", "ca.pem", "-noout", "-text");
        assertTrue(ca.contains("Basic Constraints: critical") && ca.contains("CA:TRUE"), ca);
        assertTrue(ca.contains("Key Usage: critical") && ca.contains("Certificate Sign, CRL Sign"), ca);
        assertTrue(ca.contains("ASN1 OID: prime256v1") && ca.contains("Subject: CN = Kiln CA "), ca);
        assertTrue(openssl.ok("x509", "-in", "server.pem", "-noout", "-ext", "extendedKeyUsage").contains("TLS Web Server Authentication"));
        assertTrue(openssl.ok("verify", "-CAfile", "ca.pem", "signing.pem").contains("OK"));
        assertTrue(openssl.ok("x509", "-in", "signing.pem", "-noout", "-ext", "extendedKeyUsage").contains("Code Signing"));
        // the CA is valid for 10 years, the server certificate for 397 days
        assertTrue(Math.abs(Duration.between(f.clock.instant().plus(Duration.ofDays(3650)), pki.ca().notAfter()).toSeconds()) <= 1);
        CertificateRecord server = kind(pki, "SERVER");
        assertTrue(Math.abs(Duration.between(f.clock.instant().plus(Duration.ofDays(397)), server.notAfter()).toSeconds()) <= 1);
        assertTrue(server.names().contains("kiln.example.net"), server.names().toString());
        assertEquals(pki.ca().sha256(), kind(pki, "CA").sha256());
        assertEquals(64, pki.ca().sha256().length());
        assertTrue(openssl.ok("x509", "-in", "ca.pem", "-noout", "-fingerprint", "-sha256").replace(":", "").toLowerCase()
                .contains(pki.ca().sha256()), "kiln.ca= is openssl's SHA-256 fingerprint");
    }

    @Test
    void keysAreOwnerOnlyAndTheDirectoryToo() throws Exception {
        Fixture f = f();
        f.start();
        for (String key : List.of("ca.key", "server.key", "signing.key", "token.key")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.dir.resolve(key))), key);
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.dir)));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.dir.resolve("ca.pem"))));
        // a key someone made readable is made private again on the next start
        Files.setPosixFilePermissions(f.dir.resolve("server.key"), PosixFilePermissions.fromString("rw-r--r--"));
        f.start();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.dir.resolve("server.key"))));
    }

    @Test
    void aRestartKeepsTheCaAndServerCertificateAndNewNamesReissueOnlyTheServerCertificate() {
        Fixture f = f();
        PkiService first = f.start("names", "a.example");
        String ca = first.ca().sha256();
        String server = kind(first, "SERVER").serial();
        PkiService second = f.start("names", "a.example");
        assertEquals(ca, second.ca().sha256());
        assertEquals(server, kind(second, "SERVER").serial(), "same names: the server certificate is kept");
        PkiService third = f.start("names", "a.example,b.example");
        assertEquals(ca, third.ca().sha256());
        assertNotEquals(server, kind(third, "SERVER").serial());
        assertTrue(kind(third, "SERVER").names().containsAll(List.of("a.example", "b.example")));
        String signing = kind(third, "SIGNING").serial();
        assertEquals(signing, kind(f.start("names", "a.example,b.example"), "SIGNING").serial());
    }

    @Test
    void aConfigurationChangeAppliesWithoutRestartAndRebuildsTheTlsContext() {
        Fixture f = f();
        PkiService pki = f.start();
        SSLContext before = pki.serverTlsContext();
        assertTrue(before == pki.serverTlsContext(), "unchanged: the same context");
        pki.modified(f.config("names", "new.example", "hostCertificateDays", "2"));
        assertTrue(kind(pki, "SERVER").names().contains("new.example"));
        assertNotSame(before, pki.serverTlsContext());
        assertEquals(SubsystemStatus.State.UP, pki.health().state());
    }

    @Test
    void aServerCertificateDueWithin30DaysIsReissuedWhileKilnRuns() {
        Fixture f = f();
        PkiService pki = f.start();
        String serial = kind(pki, "SERVER").serial();
        f.clock.advance(Duration.ofDays(360));
        pki.serverTlsContext();
        assertEquals(serial, kind(pki, "SERVER").serial(), "37 days left: kept");
        f.clock.advance(Duration.ofDays(10));
        pki.serverTlsContext();
        assertNotEquals(serial, kind(pki, "SERVER").serial(), "27 days left: re-issued");
    }

    @Test
    void aCorruptKeyKeepsTheComponentUpButUnavailableAndNothingIsOverwritten() throws Exception {
        Fixture f = f();
        f.start();
        Files.writeString(f.dir.resolve("ca.key"), "-----BEGIN PRIVATE KEY-----\nnot base64 at all!\n-----END PRIVATE KEY-----\n");
        PkiService pki = f.start();
        assertEquals(SubsystemStatus.State.DOWN, pki.health().state());
        assertTrue(pki.health().reason().contains("ca.key"), pki.health().reason());
        KilnException e = assertThrows(KilnException.class, pki::ca);
        assertEquals(KilnException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("ca.key"), e.getMessage());
        assertThrows(KilnException.class, () -> pki.signDetached(new byte[] {1}));
        assertTrue(Files.readString(f.dir.resolve("ca.key")).contains("not base64"), "the operator's file is left alone");
        Files.delete(f.dir.resolve("ca.key"));
        PkiService again = f.start();
        assertTrue(again.health().reason().contains("ca.pem exists but its key"), again.health().reason());
    }

    /** In Karaf, Apache SSHD registers a BouncyCastle provider (its own BC version) with the JVM: keys still load. */
    @Test
    void aRestartWorksWithBouncyCastleRegisteredGloballyAsInKaraf() throws Exception {
        Fixture f = f();
        String ca = f.start().ca().sha256();
        java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        try {
            PkiService pki = f.start();
            assertEquals(SubsystemStatus.State.UP, pki.health().state(), pki.health().reason());
            assertEquals(ca, pki.ca().sha256());
            assertTrue(pki.verifyToken(pki.issueToken("n1", "ab".repeat(32)).token()).ok());
            Files.writeString(tmp.resolve("c.pem"), pki.ca().pem());
            Files.write(tmp.resolve("x"), new byte[] {1, 2, 3});
            Files.write(tmp.resolve("x.sig"), pki.signDetached(new byte[] {1, 2, 3}));
            new Openssl(tmp).ok("cms", "-verify", "-binary", "-inform", "DER", "-in", "x.sig", "-content", "x", "-CAfile", "c.pem", "-purpose", "any",
                    "-out", "/dev/null");
        } finally {
            java.security.Security.removeProvider("BC");
        }
    }

    @Test
    void refusedSettingsRunOnDefaultsAndSaySo() {
        Fixture f = f();
        PkiService pki = f.start("names", "bad name!,ok.example", "tokenHours", "lots", "colour", "blue");
        assertEquals(SubsystemStatus.State.DEGRADED, pki.health().state());
        String why = pki.health().reason();
        assertTrue(why.contains("etc/io.kiln.pki.cfg: names = 'bad name!'"), why);
        assertTrue(why.contains("tokenHours = 'lots' is not a number from 1 to 8760"), why);
        assertTrue(why.contains("unknown key 'colour'"), why);
        assertTrue(kind(pki, "SERVER").names().contains("ok.example"));
    }

    @Test
    void namesAreComparedInOneForm() {
        assertEquals("::1", Names.normalize("0:0:0:0:0:0:0:1"));
        assertEquals("::1", Names.normalize("[::1]"));
        assertEquals("fd00::7", Names.normalize("FD00:0:0:0:0:0:0:7"));
        assertEquals("2001:db8::1:0:0:1", Names.normalize("2001:db8:0:0:1:0:0:1"), "RFC 5952: the first of equal runs");
        assertEquals("2001:db8:0:1:1:1:1:1", Names.normalize("2001:db8::1:1:1:1:1"), "RFC 5952: one zero group is not ::");
        assertEquals("::", Names.normalize("::"));
        assertEquals("1::", Names.normalize("1:0:0:0:0:0:0:0"));
        assertEquals("kiln.example.net", Names.normalize("Kiln.Example.NET"));
        assertEquals("10.0.0.1", Names.normalize("10.0.0.1"));
        assertNull(Names.normalize("bad name"));
        assertNull(Names.normalize("-x.example"));
        assertNull(Names.normalize("a..example"));
        List<String> machine = Names.machine();
        assertTrue(machine.containsAll(List.of("localhost", "127.0.0.1")), machine.toString());
        assertTrue(machine.stream().noneMatch(n -> n.contains("%")), machine.toString());
    }
}
