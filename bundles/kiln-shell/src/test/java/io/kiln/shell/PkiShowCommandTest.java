package io.kiln.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.pki.CaCertificate;
import io.kiln.api.pki.CertificateRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PkiShowCommandTest {
    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    static final String SHA = "ad121271782407c3313f96e3cac855d7662df2d33783cd81aca780b2510965f0";
    static final CaCertificate CA = new CaCertificate("-----BEGIN CERTIFICATE-----", SHA, "CN=Kiln CA d3d7ea4b", Instant.parse("2036-12-04T15:10:00Z"));
    static final List<CertificateRecord> CERTS = List.of(
            new CertificateRecord("CA", "CN=Kiln CA d3d7ea4b", null, "1", SHA, NOW, CA.notAfter(), List.of(), null, null),
            new CertificateRecord("SERVER", "CN=kiln", null, "2", SHA, NOW, Instant.parse("2028-01-08T15:10:00Z"), List.of("kiln", "10.0.0.2"), null, null),
            new CertificateRecord("HOST", "CN=edge-01", "edge-01", "a1", SHA, NOW, NOW.plusSeconds(3600), List.of("urn:kiln:host:edge-01"), null, null),
            new CertificateRecord("HOST", "CN=edge-02", "edge-02", "b2", SHA, NOW, NOW.plusSeconds(3600), List.of(), NOW, "stolen"),
            new CertificateRecord("HOST", "CN=edge-03", "edge-03", "c3", SHA, NOW.minusSeconds(9000), NOW.minusSeconds(10), List.of(), null, null));

    static String print(boolean all) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PkiShowCommand.print(CA, CERTS, all, NOW, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theFingerprintInBothFormsTheServerNamesAndValidHostCertificates() {
        String s = print(false);
        assertTrue(s.contains("kiln.ca=" + SHA), s);
        assertTrue(s.contains("SHA256 AD:12:12:71:"), s);
        assertTrue(s.contains("Server:       kiln, 10.0.0.2"), s);
        assertTrue(s.contains("edge-01") && !s.contains("edge-02") && !s.contains("edge-03"), s);
        assertTrue(s.contains("2 revoked or expired host certificate(s) not shown (--all shows them)"), s);
        String all = print(true);
        assertTrue(all.contains("revoked " + NOW + ": stolen") && all.contains("expired"), all);
        assertFalse(all.contains("not shown"), all);
        assertEquals(95, PkiShowCommand.colons(SHA).length());
    }
}
