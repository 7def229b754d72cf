package io.kiln.web.internal;

/**
 * An HTTP-level refusal that has no {@link io.kiln.api.KilnException} kind: 405 (with Allow), 413, 428.
 */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String allow;

    ApiError(int status, String message) {
        this(status, message, null);
    }

    private ApiError(int status, String message, String allow) {
        super(message);
        this.status = status;
        this.allow = allow;
    }

    static ApiError methodNotAllowed(ApiRequest r, String allow) {
        return new ApiError(405, r.method() + " is not supported on " + r.where() + " (allowed: " + allow + ")", allow);
    }

    int status() {
        return status;
    }

    /** The Allow header of a 405, or null. */
    String allow() {
        return allow;
    }
}
