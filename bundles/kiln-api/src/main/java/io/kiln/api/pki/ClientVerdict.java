package io.kiln.api.pki;

/**
 * Whether a presented client certificate is good, and whose.
 *
 * @param ok     true when it was issued by Kiln's CA, is within its validity and not revoked
 * @param host   the host it names (when ok), else null
 * @param sha256 SHA-256 of its DER encoding, hex, or null when there was none
 * @param reason why it is refused (when not ok), in words for an operator
 */
public record ClientVerdict(boolean ok, String host, String sha256, String reason) {
    public static ClientVerdict refused(String sha256, String reason) {
        return new ClientVerdict(false, null, sha256, reason);
    }
}
