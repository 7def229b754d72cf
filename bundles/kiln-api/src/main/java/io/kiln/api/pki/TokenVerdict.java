package io.kiln.api.pki;

import java.time.Instant;

/**
 * Whether a presented token is good, and for whom.
 *
 * @param ok                true when its signature, issuer and expiry check out
 * @param host              the host it was issued to (when ok)
 * @param certificateSha256 the client certificate it is bound to (when ok)
 * @param expires           its expiry (when ok)
 * @param reason            why it is refused (when not ok)
 */
public record TokenVerdict(boolean ok, String host, String certificateSha256, Instant expires, String reason) {
    public static TokenVerdict refused(String reason) {
        return new TokenVerdict(false, null, null, null, reason);
    }
}
