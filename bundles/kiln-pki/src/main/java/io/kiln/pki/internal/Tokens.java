package io.kiln.pki.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.kiln.api.KilnException;
import io.kiln.api.pki.HostToken;
import io.kiln.api.pki.TokenVerdict;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;

/**
 * Access tokens: ES256 JWTs ({@code iss kiln}, {@code aud kiln-agent}, {@code sub} the host) bound to the SHA-256 of
 * the host's client certificate (RFC 8705 {@code cnf} {@code x5t#S256}, base64url of the digest). Times come from the
 * caller's clock, never the JVM's, so expiry is testable.
 */
final class Tokens {
    static final String ISSUER = "kiln";
    static final String AUDIENCE = "kiln-agent";
    static final Duration SKEW = Duration.ofSeconds(60);

    private Tokens() {
    }

    static HostToken issue(KeyPair key, String host, String certificateSha256, Instant now, Duration ttl) {
        byte[] digest = sha256Bytes(certificateSha256);
        // JWT times are whole seconds
        Instant iat = Instant.ofEpochSecond(now.getEpochSecond());
        Instant exp = iat.plus(ttl);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject(host).audience(AUDIENCE).issueTime(Date.from(iat))
                .expirationTime(Date.from(exp)).jwtID(Certificates.serial().toString(16))
                .claim("cnf", Map.of("x5t#S256", Base64.getUrlEncoder().withoutPadding().encodeToString(digest))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new ECDSASigner((ECPrivateKey) key.getPrivate()));
        } catch (JOSEException e) {
            throw new KilnException(KilnException.Kind.UNAVAILABLE, "cannot sign a token: " + e.getMessage(), e);
        }
        return new HostToken(jwt.serialize(), exp);
    }

    static TokenVerdict verify(ECPublicKey key, String token, Instant now) {
        if (token == null || token.isBlank()) return TokenVerdict.refused("no token");
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token.trim());
        } catch (ParseException e) {
            return TokenVerdict.refused("not a JWT: " + e.getMessage());
        }
        if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
            return TokenVerdict.refused("token is signed with " + jwt.getHeader().getAlgorithm() + ", not ES256");
        }
        try {
            if (!jwt.verify(new ECDSAVerifier(key))) return TokenVerdict.refused("token signature does not verify (not signed by this Kiln's token key)");
        } catch (JOSEException | RuntimeException e) {
            return TokenVerdict.refused("token signature does not verify: " + e.getMessage());
        }
        JWTClaimsSet c;
        try {
            c = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return TokenVerdict.refused("not a JWT: its claims cannot be read: " + e.getMessage());
        }
        if (!ISSUER.equals(c.getIssuer())) return TokenVerdict.refused("token issuer is '" + c.getIssuer() + "', not '" + ISSUER + "'");
        if (c.getAudience() == null || !c.getAudience().contains(AUDIENCE)) {
            return TokenVerdict.refused("token audience is " + c.getAudience() + ", not '" + AUDIENCE + "'");
        }
        if (c.getExpirationTime() == null) return TokenVerdict.refused("token has no expiry");
        Instant exp = c.getExpirationTime().toInstant();
        if (now.isAfter(exp.plus(SKEW))) return TokenVerdict.refused("token expired at " + exp);
        if (c.getIssueTime() != null && c.getIssueTime().toInstant().isAfter(now.plus(SKEW))) {
            return TokenVerdict.refused("token is issued in the future (" + c.getIssueTime().toInstant() + ")");
        }
        if (c.getSubject() == null || c.getSubject().isBlank()) return TokenVerdict.refused("token names no host (no sub)");
        String bound = bound(c);
        if (bound == null) return TokenVerdict.refused("token is bound to no certificate (no cnf x5t#S256)");
        return new TokenVerdict(true, c.getSubject(), bound, exp, null);
    }

    /** The hex SHA-256 in {@code cnf.x5t#S256}, or null. */
    private static String bound(JWTClaimsSet c) {
        try {
            Map<String, Object> cnf = c.getJSONObjectClaim("cnf");
            Object x5t = cnf == null ? null : cnf.get("x5t#S256");
            if (!(x5t instanceof String s)) return null;
            byte[] d = Base64.getUrlDecoder().decode(s);
            return d.length == 32 ? HexFormat.of().formatHex(d) : null;
        } catch (ParseException | IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] sha256Bytes(String hex) {
        if (hex == null || !hex.matches("[0-9a-fA-F]{64}")) {
            throw KilnException.invalid("certificate SHA-256 '" + hex + "' is not 64 hex digits");
        }
        return HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT));
    }
}
