package io.kiln.pki.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.pki.ClientVerdict;
import io.kiln.api.pki.IssuedCertificate;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignaturesAndTlsTest {
    @TempDir
    Path tmp;

    @Test
    void aDetachedSignatureVerifiesWithOpensslForTheContentOnly() throws Exception {
        Fixture f = new Fixture(tmp.resolve("pki"));
        PkiService pki = f.start();
        byte[] content = "#!ipxe\nkernel http://kiln/vmlinuz\n".getBytes(StandardCharsets.US_ASCII);
        byte[] sig = pki.signDetached(content);
        Files.write(tmp.resolve("boot.ipxe"), content);
        Files.write(tmp.resolve("boot.ipxe.sig"), sig);
        Files.writeString(tmp.resolve("ca.pem"), pki.ca().pem());
        Openssl openssl = new Openssl(tmp);
        Openssl.Result good = openssl.run("cms", "-verify", "-binary", "-inform", "DER", "-in", "boot.ipxe.sig", "-content", "boot.ipxe",
                "-CAfile", "ca.pem", "-purpose", "any", "-out", "/dev/null");
        assertEquals(0, good.code(), good.out());
        assertTrue(good.out().contains("Verification successful"), good.out());
        Files.write(tmp.resolve("boot.ipxe"), "#!ipxe\nkernel http://evil/vmlinuz\n".getBytes(StandardCharsets.US_ASCII));
        Openssl.Result bad = openssl.run("cms", "-verify", "-binary", "-inform", "DER", "-in", "boot.ipxe.sig", "-content", "boot.ipxe",
                "-CAfile", "ca.pem", "-purpose", "any", "-out", "/dev/null");
        assertNotEquals(0, bad.code(), bad.out());
        assertTrue(bad.out().contains("Verification failure"), bad.out());
        // detached, signed by the code-signing certificate, which it carries with the CA
        CMSSignedData sd = new CMSSignedData(sig);
        assertNull(sd.getSignedContent());
        assertEquals(2, sd.getCertificates().getMatches(null).size());
        X509Certificate signer = Pem.readCertificate(f.dir.resolve("signing.pem"));
        assertEquals(signer.getSerialNumber(), sd.getSignerInfos().getSigners().iterator().next().getSID().getSerialNumber());
        assertTrue(signer.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.3"), "codeSigning, as iPXE's imgverify requires");
    }

    @Test
    void aFileIsSignedAsAStreamWithTheSameResultOpensslChecks() throws Exception {
        Fixture f = new Fixture(tmp.resolve("pki"));
        PkiService pki = f.start();
        Path image = tmp.resolve("os.img");
        byte[] block = new byte[1 << 20];
        new java.util.Random(7).nextBytes(block);
        try (var out = Files.newOutputStream(image)) {
            for (int i = 0; i < 8; i++) out.write(block);
        }
        Files.write(tmp.resolve("os.img.sig"), pki.signDetached(image));
        Files.writeString(tmp.resolve("ca.pem"), pki.ca().pem());
        Openssl.Result good = new Openssl(tmp).run("cms", "-verify", "-binary", "-inform", "DER", "-in", "os.img.sig", "-content", "os.img",
                "-CAfile", "ca.pem", "-purpose", "any", "-out", "/dev/null");
        assertEquals(0, good.code(), good.out());
        try (var ch = java.nio.channels.FileChannel.open(image, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {42}), 5_000_000);
        }
        Openssl.Result bad = new Openssl(tmp).run("cms", "-verify", "-binary", "-inform", "DER", "-in", "os.img.sig", "-content", "os.img",
                "-CAfile", "ca.pem", "-purpose", "any", "-out", "/dev/null");
        assertNotEquals(0, bad.code(), "one byte changed in the middle: " + bad.out());
    }

    @Test
    void onlyTls13And12AreOffered() {
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), List.of(TlsVersions.only(new String[] {"SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"})));
    }

    @Test
    void aRealHandshakeLetsTheServerSeeTheCertificateKilnIssued() throws Exception {
        Fixture f = new Fixture(tmp.resolve("pki"));
        PkiService pki = f.start();
        SSLContext server = pki.serverTlsContext();
        SSLParameters defaults = server.getDefaultSSLParameters();
        assertEquals(Set.of("TLSv1.2", "TLSv1.3"), Set.of(defaults.getProtocols()));
        javax.net.ssl.SSLEngine engine = server.createSSLEngine();
        assertTrue(List.of(engine.getSupportedProtocols()).contains("TLSv1.1"), "the JDK supports more than Kiln enables");
        assertEquals(Set.of("TLSv1.2", "TLSv1.3"), Set.of(engine.getEnabledProtocols()));

        // the node: a key, a request, the certificate Kiln issues, and a trust store with Kiln's CA only
        KeyPair node = Certificates.ecKey();
        String csr = Pem.encode("CERTIFICATE REQUEST", new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=node"), node.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(node.getPrivate())).getEncoded());
        IssuedCertificate issued = pki.signHostRequest("edge-01", csr);
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        X509Certificate nodeCert = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(issued.pem().getBytes(StandardCharsets.US_ASCII)));
        X509Certificate ca = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(issued.caPem().getBytes(StandardCharsets.US_ASCII)));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("node", node.getPrivate(), "x".toCharArray(), new Certificate[] {nodeCert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "x".toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("kiln-ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);

        try (SSLServerSocket ss = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertEquals(Set.of("TLSv1.2", "TLSv1.3"), Set.of(ss.getEnabledProtocols()));
            ss.setNeedClientAuth(true);
            CompletableFuture<ClientVerdict> seen = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.setSoTimeout(10_000);
                    InputStream in = s.getInputStream();
                    int b = in.read();
                    OutputStream out = s.getOutputStream();
                    out.write(b);
                    out.flush();
                    return pki.verifyClient((X509Certificate) s.getSession().getPeerCertificates()[0]);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", ss.getLocalPort())) {
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS"); // the server certificate must name 127.0.0.1
                s.setSSLParameters(p);
                s.setSoTimeout(10_000);
                s.startHandshake();
                s.getOutputStream().write(42);
                s.getOutputStream().flush();
                assertEquals(42, s.getInputStream().read());
                assertEquals("TLSv1.3", s.getSession().getProtocol());
                assertArrayEquals(Pem.readCertificate(f.dir.resolve("server.pem")).getEncoded(), s.getSession().getPeerCertificates()[0].getEncoded());
            }
            ClientVerdict v = seen.get(20, TimeUnit.SECONDS);
            assertTrue(v.ok(), v.reason());
            assertEquals("edge-01", v.host());
            assertEquals(issued.sha256(), v.sha256());
        }
    }
}
