package io.kiln.web.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.kiln.api.KilnException;
import io.kiln.api.inventory.EntityKind;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.TreeSet;

/**
 * JSON in and out: entities are read strictly (an unknown field, a wrong type or malformed JSON is a 400 that
 * names the field and the line), and every answer is written the same way.
 */
final class JsonBody {
    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private JsonBody() {
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Reads an entity of a kind.
     *
     * @param urlName the name in the URL (PUT), or null (POST): the body's name may then be left out, and must
     *                otherwise be the same
     * @throws KilnException INVALID saying what is wrong and where
     */
    static Object read(byte[] body, EntityKind kind, String urlName) {
        return read(body, kind.type(), kind.singular(), kind == EntityKind.INSTANCE ? "host" : "name", urlName);
    }

    /** Whether the body (already read and checked as a JSON object) names this top-level field. */
    static boolean hasField(byte[] body, String field) {
        try {
            JsonNode tree = MAPPER.readTree(body);
            return tree != null && tree.has(field);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads a record named by one of its fields (an entity, or a status named by its host).
     *
     * @param what      what the body is, for messages ("host", "host status")
     * @param nameField the field that names it, filled in from the URL when left out
     */
    static <T> T read(byte[] body, Class<T> type, String what, String nameField, String urlName) {
        if (body.length == 0) throw KilnException.invalid("a JSON body (a " + what + ") is required");
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (IOException e) {
            throw problem(what, e);
        }
        if (tree == null || !tree.isObject()) throw KilnException.invalid("the body must be a JSON object (a " + what + ")");
        try {
            Optional<String> unknown = UnknownFields.find(body, type, what);
            if (unknown.isPresent()) throw KilnException.invalid(unknown.get());
        } catch (IOException e) {
            throw problem(what, e);
        }
        JsonNode name = tree.get(nameField);
        try {
            if (urlName != null && (name == null || name.isNull())) {
                ((ObjectNode) tree).put(nameField, urlName);
                return MAPPER.treeToValue(tree, type);
            }
            if (urlName != null && !(name.isTextual() && name.asText().trim().equals(urlName))) {
                throw KilnException.invalid(what + " " + nameField + " in the body (" + name + ") differs from the URL ('" + urlName + "')");
            }
            // from the bytes, not the tree: errors then carry line and column
            return MAPPER.readValue(body, type);
        } catch (IOException e) {
            throw problem(what, e);
        }
    }

    static KilnException problem(EntityKind kind, IOException e) {
        return problem(kind.singular(), e);
    }

    /** An operator's message for a Jackson failure: which field, what was wrong, where. */
    static KilnException problem(String what, IOException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof KilnException k) return k; // the record's own validation: its message says it all
        }
        String at = at(e instanceof JsonProcessingException j ? j.getLocation() : null);
        if (e instanceof UnrecognizedPropertyException u) {
            return KilnException.invalid("unknown field '" + path(u) + "' in " + what + at + " (known fields: "
                    + String.join(", ", new TreeSet<>(u.getKnownPropertyIds().stream().map(String::valueOf).toList())) + ")");
        }
        if (e instanceof InvalidFormatException f) {
            Class<?> t = f.getTargetType();
            String expected = t != null && t.isEnum() ? "one of " + Arrays.toString(t.getEnumConstants()) : "a " + typeName(t);
            return KilnException.invalid("field '" + path(f) + "'" + at + ": '" + f.getValue() + "' is not valid, expected " + expected);
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null && !m.getPath().isEmpty()) {
            return KilnException.invalid("field '" + path(m) + "'" + at + ": expected " + typeName(m.getTargetType()));
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return KilnException.invalid("field '" + path(m) + "'" + at + ": " + firstLine(m.getOriginalMessage()));
        }
        String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return KilnException.invalid("malformed JSON" + at + ": " + firstLine(msg));
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            else if (r.getIndex() >= 0) sb.append('[').append(r.getIndex()).append(']');
        }
        return sb.toString();
    }

    private static String at(JsonLocation l) {
        return l == null || l.getLineNr() < 1 ? "" : " at line " + l.getLineNr() + ", column " + l.getColumnNr();
    }

    private static String typeName(Class<?> t) {
        if (t == null) return "value";
        if (java.util.Collection.class.isAssignableFrom(t) || t.isArray()) return "JSON array";
        if (java.util.Map.class.isAssignableFrom(t) || t.isRecord()) return "JSON object";
        if (t == String.class) return "string";
        return t.getSimpleName();
    }

    /** The first line, without Jackson's source locations (" (start marker at [Source: ...])"): the caller says where. */
    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.replaceAll("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)", "").replaceAll("\\s*\\[Source:[^\\]]*\\]", "").trim();
    }
}
