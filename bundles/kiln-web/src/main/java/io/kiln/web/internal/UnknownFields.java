package io.kiln.web.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Finds the first field of a JSON body that the target record (or a record nested in it) does not have, with its
 * line. Jackson reports unknown fields only after it has called the record's constructor, so a misspelt required
 * field ("adress") would otherwise surface as "address is missing".
 */
final class UnknownFields {
    private UnknownFields() {
    }

    /**
     * @param what the entity's word for the message ("host")
     * @return "unknown field 'bmc.adress' in host at line 3, column 12 (known fields: ...)", or empty
     */
    static Optional<String> find(byte[] json, Class<?> type, String what) throws IOException {
        try (JsonParser p = JsonBody.MAPPER.getFactory().createParser(json)) {
            if (p.nextToken() == null) return Optional.empty();
            return walk(p, type, "", what);
        }
    }

    private static Optional<String> walk(JsonParser p, Type type, String path, String what) throws IOException {
        Class<?> raw = raw(type);
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT && raw != null && raw.isRecord()) {
            RecordComponent[] parts = raw.getRecordComponents();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                RecordComponent c = Arrays.stream(parts).filter(r -> r.getName().equals(name)).findFirst().orElse(null);
                if (c == null) {
                    return Optional.of("unknown field '" + path + name + "' in " + what + " at line " + p.currentLocation().getLineNr() + ", column "
                            + p.currentLocation().getColumnNr() + " (known fields: "
                            + String.join(", ", new TreeSet<>(Arrays.stream(parts).map(RecordComponent::getName).toList())) + ")");
                }
                p.nextToken();
                Optional<String> inner = walk(p, c.getGenericType(), path + name + ".", what);
                if (inner.isPresent()) return inner;
            }
            return Optional.empty();
        }
        if (t == JsonToken.START_ARRAY && raw != null && Collection.class.isAssignableFrom(raw)) {
            for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
                String element = (path.isEmpty() ? "" : path.substring(0, path.length() - 1)) + "[" + i + "].";
                Optional<String> inner = walk(p, argument(type, 0), element, what);
                if (inner.isPresent()) return inner;
            }
            return Optional.empty();
        }
        if (t == JsonToken.START_OBJECT && raw != null && Map.class.isAssignableFrom(raw)) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                Optional<String> inner = walk(p, argument(type, 1), path + key + ".", what);
                if (inner.isPresent()) return inner;
            }
            return Optional.empty();
        }
        p.skipChildren();
        return Optional.empty();
    }

    private static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) return c;
        if (t instanceof ParameterizedType pt && pt.getRawType() instanceof Class<?> c) return c;
        return null;
    }

    private static Type argument(Type t, int i) {
        return t instanceof ParameterizedType pt && pt.getActualTypeArguments().length > i ? pt.getActualTypeArguments()[i] : Object.class;
    }
}
