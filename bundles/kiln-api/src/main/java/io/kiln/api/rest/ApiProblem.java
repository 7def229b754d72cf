package io.kiln.api.rest;

import java.util.Map;

/**
 * An HTTP-level refusal a resource throws when no {@link io.kiln.api.KilnException} kind fits: 405 (with Allow), 413,
 * 428, or 503 when its backing service is missing. kiln-web writes it as {@code application/problem+json} with
 * {@code detail} = the message.
 */
public final class ApiProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final Map<String, String> headers;

    /**
     * @param status HTTP status (4xx or 5xx)
     * @param detail one line for the caller: what is wrong and what to do
     */
    public ApiProblem(int status, String detail) {
        this(status, detail, Map.of());
    }

    /** A refusal with headers of its own (Allow, WWW-Authenticate). */
    public ApiProblem(int status, String detail, Map<String, String> headers) {
        super(detail);
        if (status < 400 || status > 599) throw new IllegalArgumentException("not an error status: " + status);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    /** 405 with the Allow header, e.g. {@code methodNotAllowed(r, "GET", "POST")}. */
    public static ApiProblem methodNotAllowed(ApiRequest request, String... allowed) {
        String allow = String.join(", ", allowed);
        return new ApiProblem(405, request.method() + " is not supported on " + request.where() + " (allowed: " + allow + ")",
                Map.of("Allow", allow));
    }

    /**
     * 503 for a resource whose backing service is not running.
     *
     * @param service what is missing, e.g. "TFTP service"
     * @param why     what the operator can do, e.g. "see the Kiln log and etc/io.kiln.tftp.cfg"
     */
    public static ApiProblem unavailable(String service, String why) {
        return new ApiProblem(503, service + " is not available: " + why);
    }

    public int status() {
        return status;
    }

    /** Headers the answer carries (Allow for a 405), possibly empty. */
    public Map<String, String> headers() {
        return headers;
    }
}
