package io.kiln.api.pki;

import java.time.Instant;

/**
 * Kiln's CA certificate as nodes pin it.
 *
 * @param pem      the certificate, PEM
 * @param sha256   SHA-256 of its DER encoding, 64 lower-case hex digits (what {@code kiln.ca=} carries)
 * @param subject  its subject, RFC 2253
 * @param notAfter when it expires
 */
public record CaCertificate(String pem, String sha256, String subject, Instant notAfter) {
}
