package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.rest.ApiProblem;
import io.kiln.api.rest.ApiResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error mapping of /api/v1: every refusal, from any bundle's resource, becomes an RFC 9457
 * {@code application/problem+json} answer {@code {"type", "title", "status", "detail", "instance", "error"}};
 * {@code error} repeats {@code detail} for clients of the earlier {@code {"status", "error"}} shape.
 */
final class Problems {
    static final String CONTENT_TYPE = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    private static final Map<Integer, String> TITLES = Map.ofEntries(Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(409, "Conflict"),
            Map.entry(413, "Content Too Large"), Map.entry(428, "Precondition Required"), Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"),
            Map.entry(503, "Service Unavailable"));

    private Problems() {
    }

    /** KilnException kinds map to 400/404/409/503, ApiProblems carry their status and headers, anything else is a bug: 500, logged. */
    static ApiResponse of(RuntimeException e, String method, String where) {
        if (e instanceof ApiProblem p) return problem(p.status(), p.getMessage(), where, p.headers());
        if (e instanceof KilnException k) return problem(status(k.kind()), k.getMessage(), where, Map.of());
        LOG.error("REST {} {} failed", method, where, e);
        return problem(500, "internal error (see the Kiln log): " + e.getClass().getSimpleName(), where, Map.of());
    }

    static int status(KilnException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
        };
    }

    static ApiResponse problem(int status, String detail, String where, Map<String, String> headers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", TITLES.getOrDefault(status, "Error"));
        body.put("status", status);
        body.put("detail", detail == null ? "" : detail);
        body.put("instance", where);
        body.put("error", detail == null ? "" : detail);
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("Content-Type", CONTENT_TYPE);
        return new ApiResponse(status, h, body);
    }
}
