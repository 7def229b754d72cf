package io.kiln.pki.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** UEFI HTTPS boot's certificate: RSA (firmware TLS knows no other), under Kiln's CA, and the firmware's CA file. */
class BootTlsTest {
    @TempDir
    Path tmp;

    @Test
    void theBootCaIsRsaUnderKilnsCaAndOpensslVerifiesTheBootServerCertificate() throws Exception {
        Fixture f = new Fixture(tmp.resolve("pki"));
        PkiService pki = f.start();
        Path d = f.dir;
        X509Certificate bootCa = Pem.readCertificate(d.resolve("boot-ca.pem"));
        assertEquals("RSA", bootCa.getPublicKey().getAlgorithm());
        assertEquals(0, bootCa.getBasicConstraints(), "an intermediate CA, path length 0");
        assertTrue(Certificates.issuedBy(bootCa, Pem.readCertificate(d.resolve("ca.pem"))));
        assertEquals(pki.bootCa().sha256(), Certificates.sha256(bootCa));
        Openssl.Result ok = new Openssl(d).run("verify", "-CAfile", "ca.pem", "-untrusted", "boot-ca.pem", "boot-server.pem");
        assertEquals(0, ok.code(), ok.out());
        Openssl.Result names = new Openssl(d).run("x509", "-in", "boot-server.pem", "-noout", "-ext", "subjectAltName");
        assertTrue(names.out().contains("IP Address:127.0.0.1") && names.out().contains("DNS:kiln-test"), names.out());
        assertEquals("600", Integer.toOctalString(Files.getPosixFilePermissions(d.resolve("boot-ca.key")).stream()
                .mapToInt(p -> 1 << (8 - p.ordinal())).sum()), "the boot CA's key is private");
        // a restart keeps it
        assertEquals(pki.bootCa().sha256(), f.start().bootCa().sha256());
    }

    @Test
    void theCacertsFileIsOneEfiSignatureListWithTheBootCa() throws Exception {
        Fixture f = new Fixture(tmp.resolve("pki"));
        PkiService pki = f.start();
        byte[] esl = Files.readAllBytes(pki.bootCacertsFile());
        byte[] der = Pem.readCertificate(f.dir.resolve("boot-ca.pem")).getEncoded();
        // EFI_CERT_X509_GUID a5c059a1-94e4-4aa7-87b5-ab155c2bf072 in UEFI byte order
        assertArrayEquals(new byte[] {(byte) 0xa1, 0x59, (byte) 0xc0, (byte) 0xa5, (byte) 0xe4, (byte) 0x94, (byte) 0xa7, 0x4a, (byte) 0x87,
                (byte) 0xb5, (byte) 0xab, 0x15, 0x5c, 0x2b, (byte) 0xf0, 0x72}, Arrays.copyOf(esl, 16));
        ByteBuffer b = ByteBuffer.wrap(esl, 16, 12).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(esl.length, b.getInt(), "SignatureListSize");
        assertEquals(0, b.getInt(), "SignatureHeaderSize");
        assertEquals(16 + der.length, b.getInt(), "SignatureSize: owner GUID + DER");
        assertArrayEquals(der, Arrays.copyOfRange(esl, 44, esl.length));
    }

    @Test
    void anRsaOnlyTls12ClientGetsTheBootCertificateAndOthersTheEcOne() throws Exception {
        PkiService pki = new Fixture(tmp.resolve("pki")).start();
        assertEquals("RSA", serverKeyAlgorithm(pki.serverTlsContext(), "TLSv1.2", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"));
        assertEquals("EC", serverKeyAlgorithm(pki.serverTlsContext(), "TLSv1.3", null));
    }

    @Test
    void anAddressTheMachineGainsLaterJoinsBothServerCertificatesWithinHalfAMinute() throws Exception {
        Fixture f = new Fixture(tmp.resolve("pki"));
        java.util.List<String> names = new java.util.ArrayList<>(Fixture.MACHINE);
        PkiService pki = new PkiService(f.store, f.config(), f.clock, () -> java.util.List.copyOf(names));
        SSLContext before = pki.serverTlsContext();
        names.add("10.213.50.1"); // a bridge for booting machines, made after Kiln started
        assertEquals(before, pki.serverTlsContext(), "not looked at again at once");
        f.clock.advance(java.time.Duration.ofSeconds(31));
        SSLContext after = pki.serverTlsContext();
        assertTrue(after != before, "a new TLS context with the new certificates");
        for (String file : new String[] {"server.pem", "boot-server.pem"}) {
            Openssl.Result san = new Openssl(f.dir).run("x509", "-in", file, "-noout", "-ext", "subjectAltName");
            assertTrue(san.out().contains("IP Address:10.213.50.1"), file + ": " + san.out());
        }
    }

    @Test
    void aClientThatKnowsOnlyRsaLikeOvmfGetsTheBootChainAndVerifiesItAgainstTheBootCa() throws Exception {
        Fixture f = new Fixture(tmp.resolve("pki"));
        PkiService pki = f.start();
        try (SSLServerSocket ss = (SSLServerSocket) pki.serverTlsContext().getServerSocketFactory().createServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.setSoTimeout(10_000);
                    s.startHandshake();
                    s.getOutputStream().write('x');
                } catch (Exception e) {
                    // the verdict is the client's
                }
            });
            // what OVMF's TlsDxe offers: TLS 1.2, DHE-RSA / RSA suites, RSA signature algorithms only
            Openssl.Result r = new Openssl(f.dir).run("s_client", "-connect", "127.0.0.1:" + ss.getLocalPort(), "-tls1_2",
                    "-cipher", "DHE-RSA-AES256-GCM-SHA384:AES256-GCM-SHA384", "-sigalgs", "RSA+SHA256:RSA+SHA384:RSA+SHA512",
                    "-CAfile", "boot-ca.pem", "-partial_chain", "-verify_return_error", "-verify_ip", "127.0.0.1");
            served.join();
            assertTrue(r.out().contains("Verify return code: 0 (ok)"), r.out());
        }
    }

    /** The key type of the certificate the server presented to a client limited to this protocol (and suite). */
    static String serverKeyAlgorithm(SSLContext server, String protocol, String suite) throws Exception {
        X509Certificate[] seen = new X509Certificate[1];
        X509TrustManager record = new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String a) {
            }

            public void checkServerTrusted(X509Certificate[] c, String a) {
                seen[0] = c[0];
            }

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {record}, null);
        try (SSLServerSocket ss = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.setSoTimeout(10_000);
                    s.startHandshake();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket c = (SSLSocket) client.getSocketFactory().createSocket(ss.getInetAddress(), ss.getLocalPort())) {
                c.setEnabledProtocols(new String[] {protocol});
                if (suite != null) c.setEnabledCipherSuites(new String[] {suite});
                c.startHandshake();
            }
            served.join();
        }
        return seen[0].getPublicKey().getAlgorithm();
    }

    static X509Certificate cert(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
