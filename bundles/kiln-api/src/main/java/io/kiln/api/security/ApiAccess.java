package io.kiln.api.security;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Whether a REST call may proceed: the client address must be allowed (etc/io.kiln.web.cfg allowedClients) and
 * the caller a Karaf user (HTTP Basic) with a role that may read, or change, state. kiln-web's one /api/v1 servlet
 * asks it for every bundle's {@link io.kiln.api.rest.ApiResource}, so one setting governs the whole API.
 */
@ProviderType
public interface ApiAccess {

    /** The outcome, with the HTTP status a servlet answers. */
    enum Decision {
        ALLOWED(200), CLIENT_REFUSED(403), UNAUTHENTICATED(401), FORBIDDEN(403);

        private final int status;

        Decision(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /**
     * @param remoteAddress the client's address
     * @param authorization the HTTP Authorization header, or null
     * @param write         the call changes state
     */
    Decision check(String remoteAddress, String authorization, boolean write);

    /**
     * As {@link #check} for a call only the {@code admin} role may make (installing code: a plugin upload). This
     * default refuses every caller; the appliance's access rule knows the roles.
     */
    default Decision checkAdmin(String remoteAddress, String authorization) {
        return Decision.FORBIDDEN;
    }

    /** One line for the caller explaining a refusal (empty for ALLOWED). */
    String explain(Decision decision, String remoteAddress);
}
