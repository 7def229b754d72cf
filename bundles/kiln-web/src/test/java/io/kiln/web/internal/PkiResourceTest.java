package io.kiln.web.internal;

import static io.kiln.web.internal.ApiRouterTest.json;
import static io.kiln.web.internal.Calls.call;
import static io.kiln.web.internal.Calls.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.pki.CaCertificate;
import io.kiln.api.pki.CertificateRecord;
import io.kiln.api.pki.ClientVerdict;
import io.kiln.api.pki.HostToken;
import io.kiln.api.pki.IssuedCertificate;
import io.kiln.api.pki.Pki;
import io.kiln.api.pki.TokenVerdict;
import io.kiln.api.rest.ApiResponse;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class PkiResourceTest {
    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    static final String SHA = "ad121271782407c3313f96e3cac855d7662df2d33783cd81aca780b2510965f0";

    /** The PKI's facts, as kiln-pki reports them; broken: every call answers UNAVAILABLE, as with unreadable keys. */
    static final class FakePki implements Pki {
        boolean broken;

        @Override
        public CaCertificate ca() {
            if (broken) throw new KilnException(KilnException.Kind.UNAVAILABLE, "Kiln's PKI is unavailable: ca.key is corrupt");
            return new CaCertificate("-----BEGIN CERTIFICATE-----\n", SHA, "CN=Kiln CA d3d7ea4b", Instant.parse("2036-12-04T15:10:00Z"));
        }

        @Override
        public List<CertificateRecord> certificates() {
            return List.of(new CertificateRecord("CA", "CN=Kiln CA d3d7ea4b", null, "1", SHA, NOW, NOW, List.of(), null, null),
                    new CertificateRecord("SERVER", "CN=kiln", null, "2", SHA, NOW, Instant.parse("2028-01-08T15:10:00Z"), List.of("kiln", "10.0.0.2"), null, null),
                    new CertificateRecord("SIGNING", "CN=Kiln code signing", null, "3", SHA, NOW, NOW.plusSeconds(99999), List.of(), null, null),
                    new CertificateRecord("HOST", "CN=edge-01", "edge-01", "a1", SHA, NOW, NOW.plusSeconds(3600), List.of("urn:kiln:host:edge-01"), null, null),
                    new CertificateRecord("HOST", "CN=edge-02", "edge-02", "b2", SHA, NOW, NOW.plusSeconds(3600), List.of(), NOW, "stolen"));
        }

        @Override
        public SSLContext serverTlsContext() {
            throw new UnsupportedOperationException();
        }

        @Override
        public CaCertificate bootCa() {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.nio.file.Path bootCacertsFile() {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] signDetached(java.nio.file.Path file) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String requestKeySha256(String csrPem) {
            throw new UnsupportedOperationException();
        }

        @Override
        public IssuedCertificate signHostRequest(String host, String csrPem) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int revokeHost(String host, String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ClientVerdict verifyClient(X509Certificate certificate) {
            throw new UnsupportedOperationException();
        }

        @Override
        public HostToken issueToken(String host, String certificateSha256) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TokenVerdict verifyToken(String token) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] signDetached(byte[] content) {
            throw new UnsupportedOperationException();
        }
    }

    static ApiRouter router(Pki pki) {
        ApiRouter router = new ApiRouter();
        router.add(new PkiResource(pki, Clock.fixed(NOW, ZoneOffset.UTC)), "pki");
        return router;
    }

    @Test
    void theCaFingerprintServerNamesAndValidHostCertificates() {
        ApiResponse r = router(new FakePki()).handle(get("/pki"));
        assertEquals(200, r.status(), json(r));
        String body = json(r);
        for (String s : new String[] {"\"sha256\" : \"" + SHA + "\"", "\"fingerprint\" : \"AD:12:12:71:", "\"subject\" : \"CN=Kiln CA d3d7ea4b\"",
                "\"names\" : [ \"kiln\", \"10.0.0.2\" ]", "\"host\" : \"edge-01\"", "\"signing\" :"}) {
            assertTrue(body.contains(s), s + " in " + body);
        }
        assertFalse(body.contains("edge-02"), "revoked: only with ?all");
        assertTrue(json(router(new FakePki()).handle(get("/pki?all=true"))).contains("\"revokedReason\" : \"stolen\""));
    }

    @Test
    void readOnlyAndA503WhenThePkiIsDownOrBroken() {
        assertEquals(405, router(new FakePki()).handle(call("POST", "/pki", "{}")).status());
        assertEquals(404, router(new FakePki()).handle(get("/pki/keys")).status());
        ApiResponse unknown = router(new FakePki()).handle(get("/pki?verbose=1"));
        assertEquals(400, unknown.status());
        assertTrue(json(unknown).contains("unknown parameter 'verbose'"), json(unknown));
        assertEquals(503, router(null).handle(get("/pki")).status());
        FakePki broken = new FakePki();
        broken.broken = true;
        ApiResponse down = router(broken).handle(get("/pki"));
        assertEquals(503, down.status());
        assertTrue(json(down).contains("ca.key is corrupt"), json(down));
    }
}
