package io.kiln.agent;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON text ↔ maps and lists (jackson-jr: small, java.base only); the protocol's bodies are all plain objects. */
final class Json {
    // the protocol sends "token": null for unknown machines: null values are written, not dropped
    private static final JSON CODEC = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    private Json() {
    }

    static String write(Object value) {
        try {
            return CODEC.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IOException when the text is not a JSON object */
    static Map<String, Object> readObject(String text) throws IOException {
        if (text == null || text.isBlank()) return new LinkedHashMap<>();
        return CODEC.mapFrom(text);
    }

    static String string(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v.toString();
    }

    static long number(Map<String, Object> m, String key, long fallback) {
        Object v = m.get(key);
        if (v instanceof Number n) return n.longValue();
        if (v instanceof String s && s.trim().matches("-?\\d+")) return Long.parseLong(s.trim());
        return fallback;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Map<?, ?> ? (Map<String, Object>) v : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof List<?> ? (List<Object>) v : List.of();
    }
}
