package io.kiln.web.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.kiln.api.KilnException;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/**
 * A small JSON object body of an action ({@code {"device": "pxe", "persistent": true}}), read strictly: malformed
 * JSON, another shape, an unknown field or a field of the wrong type is a 400 that says what is expected. A body that
 * holds a secret is never echoed: its errors name the field and where, never a value or a token of it.
 */
final class StrictBody {
    private final JsonNode tree;
    private final String expected;

    private StrictBody(JsonNode tree, String expected) {
        this.tree = tree;
        this.expected = expected;
    }

    /**
     * @param what     what the body is, for messages ("boot device request")
     * @param expected the shape, for messages: {@code the body must be {"device": ...}}
     * @param secret   true when the body holds a secret: errors then carry no part of it
     * @param fields   the fields allowed
     */
    /** The body as read (its fields checked). */
    JsonNode tree() {
        return tree;
    }

    static StrictBody read(byte[] body, String what, String expected, boolean secret, String... fields) {
        if (body.length == 0) throw KilnException.invalid(expected);
        JsonNode tree;
        try {
            tree = JsonBody.MAPPER.readTree(body);
        } catch (IOException e) {
            if (!secret) throw JsonBody.problem(what, e);
            com.fasterxml.jackson.core.JsonLocation l = e instanceof JsonProcessingException j ? j.getLocation() : null;
            throw KilnException.invalid("malformed JSON in " + what + (l == null || l.getLineNr() < 1 ? "" : " at line " + l.getLineNr() + ", column "
                    + l.getColumnNr()) + ": " + expected);
        }
        if (tree == null || !tree.isObject()) throw KilnException.invalid(expected);
        List<String> allowed = List.of(fields);
        for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            // a secret's body may hold it anywhere, even as a field name: such an error names no field
            if (!allowed.contains(f)) throw KilnException.invalid((secret ? "an unknown field" : "unknown field '" + f + "'") + ": " + expected);
        }
        return new StrictBody(tree, expected);
    }

    /** A string field, or null when absent or null. */
    String text(String field) {
        JsonNode v = tree.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw KilnException.invalid("field '" + field + "' must be a string: " + expected);
        return v.asText();
    }

    /** A string field that must be there. */
    String required(String field) {
        String v = text(field);
        if (v == null || v.isEmpty()) throw KilnException.invalid("field '" + field + "' is required: " + expected);
        return v;
    }

    /** An object of string values, empty when absent or null. */
    java.util.Map<String, String> textMap(String field) {
        JsonNode v = tree.get(field);
        if (v == null || v.isNull()) return java.util.Map.of();
        if (!v.isObject()) throw KilnException.invalid("field '" + field + "' must be an object of strings: " + expected);
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (Iterator<java.util.Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            java.util.Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) throw KilnException.invalid("field '" + field + "." + e.getKey() + "' must be a string: " + expected);
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /** A boolean field, false when absent or null. */
    boolean bool(String field) {
        JsonNode v = tree.get(field);
        if (v == null || v.isNull()) return false;
        if (!v.isBoolean()) throw KilnException.invalid("field '" + field + "' must be true or false: " + expected);
        return v.asBoolean();
    }
}
