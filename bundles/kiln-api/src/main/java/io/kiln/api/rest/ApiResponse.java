package io.kiln.api.rest;

import java.util.Map;

/**
 * What a resource answers: a status, extra headers and a body that kiln-web writes as JSON.
 *
 * @param status  HTTP status
 * @param headers extra headers (ETag, Location, ...)
 * @param body    value written as JSON (records, maps, lists, java.time values), or a {@code byte[]} written as is
 *                (with a {@code Content-Type} header)
 */
public record ApiResponse(int status, Map<String, String> headers, Object body) {
    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    /** 200 with a body. */
    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, Map.of(), body);
    }
}
