package io.kiln.agent;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;

/**
 * Credentials with the times that decide their renewal. The token and the certificate each have a lifetime
 * (expiry − the time it was received); renewal is due when either has less than a third of it left, or has no
 * known start and has expired. A null expiry is unknown and never makes renewal due.
 */
record Lease(Credentials credentials, Instant tokenReceived, Instant tokenExpires,
             Instant certificateReceived, Instant certificateExpires) {

    /**
     * Credentials Kiln has just issued (onboarding, renewal): both lifetimes count from {@code now}; the token's
     * expiry is Kiln's {@code tokenExpires}, else the token's own {@code exp} claim; the certificate's is its
     * notAfter (what TLS enforces).
     */
    static Lease received(Credentials c, Instant now, String tokenExpires) {
        Instant token = instant(tokenExpires);
        if (token == null) token = claim(c.token(), "exp");
        return new Lease(c, now, token, now, notAfter(c));
    }

    /**
     * Credentials read back from files (firstboot), when they were received is not known: the token's {@code iat}
     * and {@code exp} claims, the certificate's notBefore and notAfter.
     */
    static Lease fromFiles(Credentials c) {
        X509Certificate leaf = leaf(c);
        return new Lease(c, claim(c.token(), "iat"), claim(c.token(), "exp"),
                leaf == null ? null : leaf.getNotBefore().toInstant(), leaf == null ? null : leaf.getNotAfter().toInstant());
    }

    boolean renewalDue(Instant now) {
        return tokenDue(now) || certificateDue(now);
    }

    boolean tokenDue(Instant now) {
        return lessThanAThirdLeft(tokenReceived, tokenExpires, now);
    }

    boolean certificateDue(Instant now) {
        return lessThanAThirdLeft(certificateReceived, certificateExpires, now);
    }

    boolean certificateExpired(Instant now) {
        return certificateExpires != null && !now.isBefore(certificateExpires);
    }

    static boolean lessThanAThirdLeft(Instant received, Instant expires, Instant now) {
        if (expires == null) return false;
        if (received == null) return !now.isBefore(expires);
        Duration lifetime = Duration.between(received, expires);
        Duration left = Duration.between(now, expires);
        return left.multipliedBy(3).compareTo(lifetime) < 0;
    }

    /** An instant of a claim (seconds since the epoch) of a JWT, read without verifying it; null when it is not one. */
    static Instant claim(String token, String name) {
        if (token == null) return null;
        String[] parts = token.split("\\.");
        if (parts.length < 2) return null;
        try {
            Map<String, Object> claims = Json.readObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            long seconds = Json.number(claims, name, Long.MIN_VALUE);
            return seconds == Long.MIN_VALUE ? null : Instant.ofEpochSecond(seconds);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private static Instant instant(String text) {
        if (text == null || text.isBlank()) return null;
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Instant notAfter(Credentials c) {
        X509Certificate leaf = leaf(c);
        return leaf == null ? null : leaf.getNotAfter().toInstant();
    }

    private static X509Certificate leaf(Credentials c) {
        try {
            return c.certificateChain().get(0);
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }
}
