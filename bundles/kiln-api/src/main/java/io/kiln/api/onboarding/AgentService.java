package io.kiln.api.onboarding;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The agent API behind {@code /agent/v1} (PROTOCOL.md). Every call names its caller; calls of a caller
 * {@link #authenticate} does not let in throw {@link io.kiln.api.KilnException} INVALID.
 */
@ProviderType
public interface AgentService {
    /** Checks the client certificate (Kiln's CA, valid, not revoked), the token (valid, same host, bound to that certificate) and the host's state. */
    AgentIdentity authenticate(AgentCaller caller);

    /** The next action for the host. */
    AgentAction next(String host);

    /** The next action for the host, from an agent that says the id of the action it received last (null: none). */
    default AgentAction next(String host, String received) {
        return next(host);
    }

    /** Progress of a running action. */
    void progress(String host, String actionId, Integer percent, String message, List<String> log);

    /** The outcome of an action. */
    void result(String host, String actionId, boolean ok, String message, Map<String, String> details);

    /** The agent is alive. */
    void heartbeat(String host);

    /** The installed system booted for the first time with the credentials it was given. */
    void firstBoot(String host, String marker, Map<String, String> facts);

    /** A new certificate (and token) for a new key of the same host. */
    OnboardOutcome renew(String host, String csr);
}
