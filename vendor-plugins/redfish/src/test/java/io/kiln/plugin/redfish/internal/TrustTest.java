package io.kiln.plugin.redfish.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.spi.vendor.BmcEndpoint;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A self-signed certificate (test resource bmc-cert.pem, CN=bmc.test) against each way of trusting. */
class TrustTest {
    static final String SHA256 = "90d43f1a14ac79cef80d736e658c8e078c2472c53107c7b8c765f58f1cf60a3b";
    final X509Certificate[] chain = {cert()};

    static X509Certificate cert() {
        try (InputStream in = TrustTest.class.getResourceAsStream("/bmc-cert.pem")) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Trust trust(Map<String, String> props) throws Exception {
        return Trust.of(HostSettings.of(new BmcEndpoint("n1", "https://bmc.test", null, null, props)));
    }

    @Test
    void theFingerprintIsTheDerSha256() {
        assertEquals(SHA256, Trust.sha256(chain[0]));
        assertEquals("90:D4:3F", Trust.colons(SHA256).substring(0, 8));
    }

    @Test
    void aPinnedCertificateIsTrustedAndNoOther() throws Exception {
        Trust pinned = trust(Map.of(HostSettings.TLS_SHA256, SHA256));
        assertDoesNotThrow(() -> pinned.checkServerTrusted(chain, "ECDHE_ECDSA"));
        assertFalse(pinned.checksHostName(), "the pin names the certificate itself");
        Trust other = trust(Map.of(HostSettings.TLS_SHA256, "00".repeat(32)));
        CertificateException e = assertThrows(CertificateException.class, () -> other.checkServerTrusted(chain, "ECDHE_ECDSA"));
        assertTrue(e.getMessage().contains("is not the pinned"), e.getMessage());
        assertEquals(SHA256, other.refusedFingerprint(), "so the error can say what the BMC showed");
    }

    @Test
    void byDefaultTheJdksCasWhichRefuseASelfSignedOne() throws Exception {
        Trust jdk = trust(Map.of());
        assertNull(jdk.refusedFingerprint());
        assertThrows(CertificateException.class, () -> jdk.checkServerTrusted(chain, "ECDHE_ECDSA"));
        assertEquals(SHA256, jdk.refusedFingerprint());
        assertTrue(jdk.checksHostName());
    }

    @Test
    void aCaFileThatHoldsTheCertificate(@TempDir Path dir) throws Exception {
        Path ca = dir.resolve("ca.pem");
        try (InputStream in = TrustTest.class.getResourceAsStream("/bmc-cert.pem")) {
            Files.copy(in, ca);
        }
        Trust byCa = trust(Map.of(HostSettings.CA_FILE, ca.toString()));
        assertDoesNotThrow(() -> byCa.checkServerTrusted(chain, "ECDHE_ECDSA"));
        Files.writeString(dir.resolve("empty.pem"), "");
        assertThrows(CertificateException.class, () -> trust(Map.of(HostSettings.CA_FILE, dir.resolve("empty.pem").toString())));
    }

    @Test
    void insecureOnlyWhenSaid() throws Exception {
        Trust any = trust(Map.of(HostSettings.INSECURE, "true"));
        assertDoesNotThrow(() -> any.checkServerTrusted(chain, "ECDHE_ECDSA"));
        assertTrue(any.how().contains("redfish.insecure=true"));
    }
}
