package io.kiln.pki.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.pki.HostToken;
import io.kiln.api.pki.TokenVerdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTest {
    static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @TempDir
    Path tmp;
    Fixture f;
    PkiService pki;

    @BeforeEach
    void start() {
        f = new Fixture(tmp.resolve("pki"));
        pki = f.start("tokenHours", "24");
    }

    static String part(String jwt, int i) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[i]), StandardCharsets.UTF_8);
    }

    @Test
    void aTokenRoundTripsWithItsHostAndBoundCertificate() {
        HostToken t = pki.issueToken("edge-01", SHA);
        assertEquals(Instant.ofEpochSecond(f.clock.instant().getEpochSecond()).plus(Duration.ofHours(24)), t.expires());
        TokenVerdict v = pki.verifyToken(t.token());
        assertTrue(v.ok(), v.reason());
        assertEquals("edge-01", v.host());
        assertEquals(SHA, v.certificateSha256());
        assertEquals(t.expires(), v.expires());
        // RFC 8705: the confirmation is base64url of the digest's bytes, not of its hex
        String claims = part(t.token(), 1);
        String x5t = Base64.getUrlEncoder().withoutPadding().encodeToString(HexFormat.of().parseHex(SHA));
        assertTrue(claims.contains("\"cnf\":{\"x5t#S256\":\"" + x5t + "\"}"), claims);
        assertTrue(claims.contains("\"iss\":\"kiln\"") && claims.contains("\"aud\":\"kiln-agent\"") && claims.contains("\"sub\":\"edge-01\"")
                && claims.contains("\"jti\":"), claims);
        assertTrue(part(t.token(), 0).contains("\"alg\":\"ES256\""), part(t.token(), 0));
        assertTrue(pki.verifyToken(pki.issueToken("edge-01", SHA.toUpperCase()).token()).certificateSha256().equals(SHA));
    }

    @Test
    void anExpiredTokenSaysWhenWithSixtySecondsOfGrace() {
        HostToken t = pki.issueToken("edge-01", SHA);
        f.clock.advance(Duration.ofHours(24).plusSeconds(50));
        assertTrue(pki.verifyToken(t.token()).ok(), "within the 60 s skew");
        f.clock.advance(Duration.ofSeconds(20));
        TokenVerdict v = pki.verifyToken(t.token());
        assertFalse(v.ok());
        assertEquals("token expired at " + t.expires(), v.reason());
    }

    @Test
    void aTamperedTokenOrOneOfAnotherKeyDoesNotVerify() {
        HostToken t = pki.issueToken("edge-01", SHA);
        String[] p = t.token().split("\\.");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(part(t.token(), 1).replace("edge-01", "edge-02").getBytes(StandardCharsets.UTF_8));
        TokenVerdict tampered = pki.verifyToken(p[0] + "." + forged + "." + p[2]);
        assertFalse(tampered.ok());
        assertTrue(tampered.reason().startsWith("token signature does not verify"), tampered.reason());

        PkiService other = new Fixture(tmp.resolve("other")).start();
        TokenVerdict foreign = pki.verifyToken(other.issueToken("edge-01", SHA).token());
        assertFalse(foreign.ok());
        assertTrue(foreign.reason().startsWith("token signature does not verify"), foreign.reason());

        TokenVerdict garbage = pki.verifyToken("hello");
        assertFalse(garbage.ok());
        assertTrue(garbage.reason().startsWith("not a JWT"), garbage.reason());
        // alg none: unsigned
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        assertFalse(pki.verifyToken(none + "." + p[1] + ".").ok());
    }

    @Test
    void theKeyOutlivesARestartAndABadDigestIsRefused() {
        HostToken t = pki.issueToken("edge-01", SHA);
        assertTrue(f.start().verifyToken(t.token()).ok());
        KilnException e = assertThrows(KilnException.class, () -> pki.issueToken("edge-01", "abc"));
        assertEquals(KilnException.Kind.INVALID, e.kind());
    }
}
