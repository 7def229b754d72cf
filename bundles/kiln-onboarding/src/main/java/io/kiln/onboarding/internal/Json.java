package io.kiln.onboarding.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kiln.api.KilnException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.servlet.http.HttpServletResponse;

/** JSON in and out of the onboarding and agent APIs and the store's documents. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** Bodies larger than this are refused: a CSR and facts fit many times over. */
    static final int MAX_BODY = 1 << 20;

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** @throws KilnException INVALID for a body that is not one JSON object (or too large) */
    static JsonNode readObject(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) throw KilnException.invalid("the body is larger than " + MAX_BODY + " bytes");
        if (body.length == 0) throw KilnException.invalid("the body is empty; expected a JSON object");
        JsonNode n;
        try {
            n = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw KilnException.invalid("the body is not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) throw KilnException.invalid("the body must be a JSON object");
        return n;
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON does not parse: " + e.getOriginalMessage(), e);
        }
    }

    static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A text field, or null when absent, null or blank. */
    static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || v.isNull()) return null;
        String s = v.isTextual() ? v.asText() : v.toString();
        return s.isBlank() ? null : s;
    }

    /** A flat map of strings (numbers and booleans as their text). */
    static Map<String, String> strings(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || !n.isObject()) return out;
        n.fields().forEachRemaining(e -> {
            if (e.getValue().isValueNode() && !e.getValue().isNull()) out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    static void send(HttpServletResponse resp, int status, Object body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        resp.setStatus(status);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentType("application/json");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    /** The HTTP status of a service's refusal: 400, 404, 409, else 503 (as kiln-web maps them). */
    static int status(KilnException e) {
        return switch (e.kind()) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            default -> 503;
        };
    }

    /** An RFC 9457 problem document. */
    static void problem(HttpServletResponse resp, int status, String title, String detail) throws IOException {
        ObjectNode p = object().put("status", status).put("title", title).put("detail", detail);
        byte[] bytes = MAPPER.writeValueAsBytes(p);
        resp.setStatus(status);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentType("application/problem+json");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
