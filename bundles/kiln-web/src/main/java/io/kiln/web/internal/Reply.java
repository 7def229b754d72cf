package io.kiln.web.internal;

import io.kiln.api.KilnException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the API answers: a status, headers and a body the servlet writes as JSON. Errors are
 * {@code {"status": .., "error": ".."}}.
 *
 * @param status  HTTP status
 * @param headers extra headers (ETag, Location, Allow)
 * @param body    value written as JSON
 */
record Reply(int status, Map<String, String> headers, Object body) {
    Reply {
        headers = Map.copyOf(headers);
    }

    static Reply ok(Object body) {
        return new Reply(200, Map.of(), body);
    }

    /** A reply carrying an entity's version as a strong ETag. */
    static Reply versioned(int status, Object body, long version, String location) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("ETag", Preconditions.etag(version));
        if (location != null) h.put("Location", location);
        return new Reply(status, h, body);
    }

    static Reply error(int status, String message) {
        return error(status, message, Map.of());
    }

    private static Reply error(int status, String message, Map<String, String> headers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message == null ? "" : message);
        return new Reply(status, headers, body);
    }

    /** KilnException kinds map to 400/404/409/503; ApiErrors carry their status. */
    static Reply error(RuntimeException e) {
        if (e instanceof ApiError a) return error(a.status(), a.getMessage(), a.allow() == null ? Map.of() : Map.of("Allow", a.allow()));
        if (e instanceof KilnException k) {
            return error(switch (k.kind()) {
                case INVALID -> 400;
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case UNAVAILABLE -> 503;
            }, k.getMessage());
        }
        throw new IllegalArgumentException("not an API error", e);
    }
}
