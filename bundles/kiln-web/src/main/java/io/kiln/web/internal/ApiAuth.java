package io.kiln.web.internal;

/** Decides whether an API caller may read or change state. */
interface ApiAuth {

    /** The outcome of a check. */
    enum Result { OK, UNAUTHENTICATED, FORBIDDEN }

    /**
     * @param authorization the HTTP Authorization header, or null
     * @param write         the request changes state
     */
    Result check(String authorization, boolean write);

    /** Whether the caller has the admin role (installing code); this default: nobody. */
    default Result checkAdmin(String authorization) {
        return Result.FORBIDDEN;
    }
}
