package io.kiln.web.internal;

import io.kiln.api.KilnException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.servlet.http.HttpServletRequest;

/**
 * One REST call, detached from the servlet API so routing can be tested with plain values: method, path segments
 * below /api/v1, query parameters (parsed from the query string only, never from a form body), headers and body.
 *
 * @param method  HTTP method
 * @param path    non-empty path segments below /api/v1
 * @param params  query parameters, each with its values in order
 * @param headers headers by case-insensitive name (repeated headers joined with ", ")
 * @param body    request body (empty for GET)
 */
record ApiRequest(String method, List<String> path, Map<String, List<String>> params, Map<String, String> headers, byte[] body) {
    /** Largest body accepted. */
    static final int MAX_BODY = 1 << 20;

    ApiRequest {
        path = List.copyOf(path);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        headers = Collections.unmodifiableMap(h);
        body = body == null ? new byte[0] : body;
    }

    static ApiRequest of(HttpServletRequest req) throws IOException {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : Collections.list(req.getHeaderNames())) headers.put(name, String.join(", ", Collections.list(req.getHeaders(name))));
        return new ApiRequest(req.getMethod(), segments(req.getPathInfo()), query(req.getQueryString()), headers, body(req.getInputStream()));
    }

    /** "/hosts/edge-1/" -> [hosts, edge-1]. */
    static List<String> segments(String pathInfo) {
        List<String> out = new ArrayList<>();
        if (pathInfo != null) for (String s : pathInfo.split("/")) if (!s.isEmpty()) out.add(s);
        return out;
    }

    /** "a=1&label=rack%3Dr1&label=x" -> {a: [1], label: [rack=r1, x]}; a parameter without '=' has the value "". */
    static Map<String, List<String>> query(String queryString) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (queryString == null || queryString.isEmpty()) return out;
        for (String pair : queryString.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw KilnException.invalid("query string is not URL-encoded properly near '" + s + "'");
        }
    }

    private static byte[] body(InputStream in) throws IOException {
        byte[] b = in.readNBytes(MAX_BODY + 1);
        if (b.length > MAX_BODY) throw new ApiError(413, "the request body is larger than " + (MAX_BODY >> 10) + " KiB");
        return b;
    }

    /** The first value of a query parameter, or null. */
    String param(String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    int intParam(String name, int dflt) {
        String v = param(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw KilnException.invalid("parameter '" + name + "' must be a number, got '" + v + "'");
        }
    }

    boolean boolParam(String name) {
        String v = param(name);
        if (v == null) return false;
        if (v.isEmpty() || v.equalsIgnoreCase("true") || v.equals("1")) return true;
        if (v.equalsIgnoreCase("false") || v.equals("0")) return false;
        throw KilnException.invalid("parameter '" + name + "' must be true or false, got '" + v + "'");
    }

    String header(String name) {
        return headers.get(name);
    }

    /** "/api/v1/hosts/edge-1" for messages. */
    String where() {
        return "/api/v1/" + String.join("/", path);
    }
}
