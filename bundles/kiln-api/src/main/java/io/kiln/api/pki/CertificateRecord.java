package io.kiln.api.pki;

import java.time.Instant;

/**
 * One certificate Kiln holds or issued, as {@code kiln:pki-show} lists it.
 *
 * @param kind      CA, SERVER, SIGNING or HOST
 * @param subject   its subject, RFC 2253
 * @param host      the host it names (HOST only), or null
 * @param serial    serial number, hex
 * @param sha256    SHA-256 of its DER encoding, hex
 * @param notBefore start of validity
 * @param notAfter  end of validity
 * @param names     subject alternative names (DNS names, IP addresses, URIs), may be empty
 * @param revoked   when it was revoked, or null
 * @param revokedReason why, or null
 */
public record CertificateRecord(String kind, String subject, String host, String serial, String sha256,
                                Instant notBefore, Instant notAfter, java.util.List<String> names, Instant revoked,
                                String revokedReason) {
    public CertificateRecord {
        names = names == null ? java.util.List.of() : java.util.List.copyOf(names);
    }
}
