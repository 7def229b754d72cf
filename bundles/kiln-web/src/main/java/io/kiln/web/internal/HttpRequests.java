package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.rest.ApiProblem;
import io.kiln.api.rest.ApiRequest;
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

/** Turns a servlet request into an {@link ApiRequest}: path segments, the query string parsed once, a bounded body. */
final class HttpRequests {
    /** Largest body accepted. */
    static final int MAX_BODY = 1 << 20;

    private HttpRequests() {
    }

    /** @param user the authenticated Karaf user */
    static ApiRequest of(HttpServletRequest req, String user) throws IOException {
        return of(req, user, MAX_BODY);
    }

    /** @param maxBody the largest body this call takes */
    static ApiRequest of(HttpServletRequest req, String user, int maxBody) throws IOException {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : Collections.list(req.getHeaderNames())) headers.put(name, String.join(", ", Collections.list(req.getHeaders(name))));
        return new ApiRequest(req.getMethod(), segments(req.getPathInfo()), query(req.getQueryString()), headers, body(req.getInputStream(), maxBody), user);
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

    private static byte[] body(InputStream in, int max) throws IOException {
        if (in == null) return new byte[0];
        byte[] b = in.readNBytes(max + 1);
        if (b.length > max) throw new ApiProblem(413, "the request body is larger than " + (max >> 10) + " KiB");
        return b;
    }
}
