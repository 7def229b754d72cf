package io.kiln.api.onboarding;

/**
 * Whether an agent call is let in.
 *
 * @param host   the host (when let in)
 * @param status 200 when let in; 401 (no or unusable credentials) or 403 (credentials of another host, revoked,
 *               quarantined) when not
 * @param reason why not, in words for the agent's log and the operator
 */
public record AgentIdentity(String host, int status, String reason) {
    public boolean ok() {
        return status == 200;
    }
}
