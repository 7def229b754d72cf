package io.kiln.api.pki;

import java.time.Instant;

/**
 * A client certificate Kiln just issued to a host.
 *
 * @param host     the host it names
 * @param pem      the certificate, PEM
 * @param caPem    Kiln's CA certificate, PEM
 * @param serial   serial number, hex
 * @param sha256   SHA-256 of its DER encoding, hex (what its tokens are bound to)
 * @param notAfter when it expires
 */
public record IssuedCertificate(String host, String pem, String caPem, String serial, String sha256, Instant notAfter) {
}
