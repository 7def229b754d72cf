package io.kiln.api.onboarding;

import java.time.Instant;

/**
 * The answer to an onboarding request.
 *
 * @param result             ONBOARDED (credentials below), PENDING (an operator decides; retry later) or REFUSED
 * @param host               the host it was onboarded as (ONBOARDED), else null
 * @param certificate        the client certificate, PEM (ONBOARDED)
 * @param ca                 Kiln's CA certificate, PEM (ONBOARDED)
 * @param certificateExpires its expiry (ONBOARDED)
 * @param token              the host's access token (ONBOARDED)
 * @param tokenExpires       its expiry (ONBOARDED)
 * @param reason             why it waits or was refused, in words for an operator; for ONBOARDED, how the identity was established
 * @param pendingId          the id {@code kiln:host-pending} lists it under (PENDING, REFUSED after rejection), else null
 * @param retryAfterSeconds  when to ask again (PENDING)
 */
public record OnboardOutcome(Result result, String host, String certificate, String ca, Instant certificateExpires,
                             String token, Instant tokenExpires, String reason, String pendingId, int retryAfterSeconds) {
    /** What became of the request. */
    public enum Result { ONBOARDED, PENDING, REFUSED }

    public static OnboardOutcome pending(String id, String reason, int retryAfterSeconds) {
        return new OnboardOutcome(Result.PENDING, null, null, null, null, null, null, reason, id, retryAfterSeconds);
    }

    public static OnboardOutcome refused(String id, String reason) {
        return new OnboardOutcome(Result.REFUSED, null, null, null, null, null, null, reason, id, 0);
    }
}
