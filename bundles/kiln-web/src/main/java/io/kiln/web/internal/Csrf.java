package io.kiln.web.internal;

import io.kiln.api.rest.ApiProblem;

/**
 * Cross-site request forgery: a call authenticated by the session cookie that changes state must repeat the session's
 * token in {@code X-CSRF-Token}. Another site's page can make the browser send the cookie (were it not SameSite) but
 * cannot read the token, nor set a custom header on a cross-site request without CORS, which Kiln never allows.
 */
final class Csrf {
    static final String HEADER = "X-CSRF-Token";

    private Csrf() {
    }

    static ApiProblem refused() {
        return new ApiProblem(403, "missing or wrong " + HEADER + " header: a call made with the console's session that changes state must "
                + "carry the csrfToken of POST/GET /api/v1/session");
    }
}
