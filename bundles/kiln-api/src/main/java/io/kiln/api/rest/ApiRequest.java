package io.kiln.api.rest;

import io.kiln.api.KilnException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One REST call, detached from the servlet API: method, path segments below /api/v1, query parameters (from the
 * query string only, never from a form body), headers, body and the Karaf user who made it.
 *
 * @param method  HTTP method
 * @param path    path segments below /api/v1 (no empty ones)
 * @param params  query parameters, each with its values in order
 * @param headers headers by case-insensitive name (repeated headers joined with ", ")
 * @param body    request body (empty for GET)
 * @param user    the authenticated Karaf user, or null (in tests)
 */
public record ApiRequest(String method, List<String> path, Map<String, List<String>> params, Map<String, String> headers, byte[] body,
                         String user) {
    public ApiRequest {
        path = List.copyOf(path);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        headers = Collections.unmodifiableMap(h);
        body = body == null ? new byte[0] : body.clone();
    }

    /** The body (a copy: the record stays immutable). */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The first value of a query parameter, or null. */
    public String param(String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /**
     * @return the parameter as a number, or {@code dflt} when absent or blank
     * @throws KilnException INVALID when it is not a number
     */
    public int intParam(String name, int dflt) {
        String v = param(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw KilnException.invalid("parameter '" + name + "' must be a number, got '" + v + "'");
        }
    }

    /**
     * @return false when absent; true for {@code ?name}, {@code true} or {@code 1}
     * @throws KilnException INVALID for anything but true/false/1/0
     */
    public boolean boolParam(String name) {
        String v = param(name);
        if (v == null) return false;
        if (v.isEmpty() || v.equalsIgnoreCase("true") || v.equals("1")) return true;
        if (v.equalsIgnoreCase("false") || v.equals("0")) return false;
        throw KilnException.invalid("parameter '" + name + "' must be true or false, got '" + v + "'");
    }

    /** A header by case-insensitive name, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** "/api/v1/hosts/edge-1" for messages. */
    public String where() {
        return "/api/v1/" + String.join("/", path);
    }
}
