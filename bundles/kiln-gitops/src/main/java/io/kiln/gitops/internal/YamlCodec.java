package io.kiln.gitops.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kiln.api.KilnException;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Instance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads one entity from a YAML file straight into its API record, remembering the line of every field so that
 * errors (and later checks) can say {@code line: reason}; writes an entity back deterministically.
 *
 * <p>Every scalar is read as the text written in the file (YAML 1.1 would turn {@code 0123} into 123, {@code yes}
 * into true, and an all-digit MAC into a base-60 number); the records have no numeric or boolean fields.
 */
final class YamlCodec {
    /** Fields Kiln fills in (discovery, provisioning), never declared in files. */
    static final Map<Class<?>, Set<String>> STATUS_FIELDS = Map.of(
            Host.class, Set.of("hardware", "currentState"),
            Instance.class, Set.of("current"));

    @JsonIgnoreProperties({"hardware", "currentState"})
    abstract static class HostMixin {
    }

    @JsonIgnoreProperties({"current"})
    abstract static class InstanceMixin {
    }

    /** A parsed entity and the line of each field path ({@code macs}, {@code bmc.address}, {@code members[1].host}). */
    record Parsed(Object entity, Map<String, Integer> lines) {
        int line(String path) {
            String p = path;
            while (!p.isEmpty()) {
                Integer l = lines.get(p);
                if (l != null) return l;
                int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
                p = cut < 0 ? "" : p.substring(0, cut);
            }
            return lines.getOrDefault("", 1);
        }
    }

    /** A file that cannot be read, at a line. */
    static final class ParseError extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;

        ParseError(int line, String reason) {
            super(reason, null, false, false);
            this.line = line;
        }
    }

    private final YAMLMapper mapper;

    YamlCodec() {
        YAMLFactory factory = YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = YAMLMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .serializationInclusion(JsonInclude.Include.NON_EMPTY)
                .addMixIn(Host.class, HostMixin.class)
                .addMixIn(Instance.class, InstanceMixin.class)
                .build();
    }

    /** The file's YAML as the given record type. */
    Parsed read(byte[] content, Class<?> type) throws ParseError {
        Map<String, Integer> lines = new HashMap<>();
        TokenBuffer buffer;
        try (JsonParser p = mapper.getFactory().createParser(content)) {
            JsonToken first = p.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) throw new ParseError(1, "the file is empty");
            if (first != JsonToken.START_OBJECT) {
                throw new ParseError(line(p.currentTokenLocation()), "expected the entity's fields (key: value), found " + describe(first));
            }
            lines.put("", line(p.currentTokenLocation()));
            buffer = new TokenBuffer(p);
            copy(p, buffer, "", lines);
            if (p.nextToken() != null) {
                throw new ParseError(line(p.currentTokenLocation()), "a second YAML document: put one entity per file");
            }
        } catch (JsonProcessingException e) {
            throw syntax(e);
        } catch (IOException e) {
            throw new ParseError(1, "cannot read: " + e.getMessage());
        }
        for (String f : STATUS_FIELDS.getOrDefault(type, Set.of())) {
            if (lines.containsKey(f)) {
                throw new ParseError(lines.get(f), "'" + f + "' is status that Kiln keeps (discovery, provisioning), not declared in files: remove it");
            }
        }
        // before binding: a record's own checks (a missing BMC address) would hide a misspelt field name
        String unknown = lines.keySet().stream().filter(f -> !known(type, f)).min(java.util.Comparator.comparing(lines::get)).orElse(null);
        if (unknown != null) {
            int dot = Math.max(unknown.lastIndexOf('.'), unknown.lastIndexOf(']'));
            String field = unknown.substring(dot + 1), parent = dot < 0 ? "" : unknown.substring(0, unknown.lastIndexOf('.'));
            Class<?> owner = recordAt(type, parent);
            throw new ParseError(lines.get(unknown), "unknown field '" + field + "'" + (parent.isEmpty() ? "" : " in '" + parent + "'")
                    + " (known: " + (owner == null ? "" : fieldNames(owner)) + ")");
        }
        Parsed parsed = new Parsed(null, Map.copyOf(lines));
        try (JsonParser p = buffer.asParser(mapper)) {
            return new Parsed(mapper.readValue(p, type), parsed.lines());
        } catch (JsonMappingException e) {
            throw binding(e, parsed, content);
        } catch (IOException e) {
            throw new ParseError(1, e.getMessage());
        }
    }

    /** The entity as YAML: fields in record order, map keys sorted, empty values and status fields left out. */
    byte[] write(Object entity) {
        try {
            return mapper.writeValueAsBytes(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + entity + " as YAML", e);
        }
    }

    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    /** A record's components by name, with their generic types (reflection is slow; asked for every field of every file). */
    private static final ClassValue<Map<String, java.lang.reflect.Type>> COMPONENTS = new ClassValue<>() {
        @Override
        protected Map<String, java.lang.reflect.Type> computeValue(Class<?> type) {
            Map<String, java.lang.reflect.Type> m = new HashMap<>();
            for (java.lang.reflect.RecordComponent c : type.getRecordComponents()) m.put(c.getName(), c.getGenericType());
            return m;
        }
    };

    /** Whether a field path names record components all the way down (map keys and list indexes pass). */
    private static boolean known(Class<?> root, String path) {
        if (path.isEmpty()) return true;
        java.lang.reflect.Type t = root;
        Matcher m = SEGMENT.matcher(path);
        while (m.find()) {
            Class<?> raw = raw(t);
            if (raw == null) return true; // leave it to the binding
            if (m.group(2) != null || Map.class.isAssignableFrom(raw)) {
                t = t instanceof java.lang.reflect.ParameterizedType pt ? pt.getActualTypeArguments()[pt.getActualTypeArguments().length - 1] : Object.class;
                continue;
            }
            if (!raw.isRecord()) return true;
            java.lang.reflect.Type next = COMPONENTS.get(raw).get(m.group(1));
            if (next == null) return false;
            t = next;
        }
        return true;
    }

    /** The record type at a field path, or null. */
    private static Class<?> recordAt(Class<?> root, String path) {
        java.lang.reflect.Type t = root;
        Matcher m = SEGMENT.matcher(path);
        while (m.find()) {
            Class<?> raw = raw(t);
            if (raw == null) return null;
            if (m.group(2) != null || Map.class.isAssignableFrom(raw)) {
                t = t instanceof java.lang.reflect.ParameterizedType pt ? pt.getActualTypeArguments()[pt.getActualTypeArguments().length - 1] : Object.class;
                continue;
            }
            java.lang.reflect.Type next = raw.isRecord() ? COMPONENTS.get(raw).get(m.group(1)) : null;
            if (next == null) return null;
            t = next;
        }
        Class<?> raw = raw(t);
        return raw != null && raw.isRecord() ? raw : null;
    }

    private static Class<?> raw(java.lang.reflect.Type t) {
        if (t instanceof Class<?> c) return c;
        if (t instanceof java.lang.reflect.ParameterizedType pt && pt.getRawType() instanceof Class<?> c) return c;
        return null;
    }

    private static String fieldNames(Class<?> record) {
        Set<String> status = STATUS_FIELDS.getOrDefault(record, Set.of());
        return Arrays.stream(record.getRecordComponents()).map(java.lang.reflect.RecordComponent::getName).filter(n -> !status.contains(n))
                .collect(Collectors.joining(", "));
    }

    /** Copies one value into the buffer, recording field lines; scalars become their text as written. */
    private static void copy(JsonParser p, TokenBuffer buf, String path, Map<String, Integer> lines) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                buf.writeStartObject();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    String fp = path.isEmpty() ? field : path + "." + field;
                    lines.putIfAbsent(fp, line(p.currentTokenLocation()));
                    buf.writeFieldName(field);
                    p.nextToken();
                    copy(p, buf, fp, lines);
                }
                buf.writeEndObject();
            }
            case START_ARRAY -> {
                buf.writeStartArray();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    String ip = path + "[" + i++ + "]";
                    lines.putIfAbsent(ip, line(p.currentTokenLocation()));
                    copy(p, buf, ip, lines);
                }
                buf.writeEndArray();
            }
            case VALUE_NULL -> buf.writeNull();
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> buf.writeString(p.getText());
            default -> throw new IOException("unexpected " + t);
        }
    }

    private static int line(JsonLocation l) {
        return l == null || l.getLineNr() < 1 ? 1 : l.getLineNr();
    }

    private static ParseError syntax(JsonProcessingException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null) {
                String ctx = m.getContext() == null ? "" : " (" + m.getContext() + ")";
                return new ParseError(m.getProblemMark().getLine() + 1, "YAML syntax: " + m.getProblem() + ctx);
            }
        }
        String msg = e.getOriginalMessage();
        if (msg != null && msg.startsWith("Duplicate field")) msg = "field " + msg.substring("Duplicate field ".length()).replace('"', '\'') + " appears twice";
        return new ParseError(line(e.getLocation()), "YAML: " + msg);
    }

    private static final Pattern QUOTED = Pattern.compile("'([^']{2,})'");

    /** A binding error as a reason at the line of the field it is about. */
    private static ParseError binding(JsonMappingException e, Parsed parsed, byte[] content) {
        String path = path(e.getPath());
        String at = path.isEmpty() ? "" : "field '" + path + "': ";
        if (e instanceof UnrecognizedPropertyException u) {
            String parent = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : "";
            return new ParseError(parsed.line(path), "unknown field '" + u.getPropertyName() + "'" + (parent.isEmpty() ? "" : " in '" + parent + "'")
                    + " (known: " + known(u.getKnownPropertyIds()) + ")");
        }
        if (e instanceof ValueInstantiationException) {
            Throwable c = e.getCause();
            while (c != null && !(c instanceof KilnException) && c.getCause() != null && c.getCause() != c) c = c.getCause();
            String reason = c == null ? e.getOriginalMessage() : c.getMessage();
            return new ParseError(lineOf(reason, path, parsed, content), reason);
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            String allowed = Arrays.stream(f.getTargetType().getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
            return new ParseError(parsed.line(path), at + "'" + f.getValue() + "' is not one of " + allowed);
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return new ParseError(parsed.line(path), at + "expected " + expected(m.getTargetType()));
        }
        return new ParseError(parsed.line(path), at + e.getOriginalMessage());
    }

    /**
     * A record's own check names the bad value in quotes: point at the line that has it (not the entity's name, which
     * such messages quote first), else at the object.
     */
    private static int lineOf(String reason, String path, Parsed parsed, byte[] content) {
        String[] text = new String(content, StandardCharsets.UTF_8).split("\n", -1);
        int from = Math.max(0, parsed.line(path) - 1);
        Integer nameLine = parsed.lines().get(path.isEmpty() ? "name" : path + ".name");
        int fallback = -1;
        Matcher m = QUOTED.matcher(reason == null ? "" : reason);
        while (m.find()) {
            for (int i = from; i < text.length; i++) {
                if (!text[i].contains(m.group(1))) continue;
                if (nameLine == null || i + 1 != nameLine) return i + 1;
                if (fallback < 0) fallback = i + 1;
                break;
            }
        }
        return fallback > 0 ? fallback : parsed.line(path);
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) sb.append('.');
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String known(Collection<Object> ids) {
        return ids == null ? "" : ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String expected(Class<?> type) {
        if (Collection.class.isAssignableFrom(type)) return "a list";
        if (Map.class.isAssignableFrom(type) || type.isRecord()) return "a mapping (key: value)";
        if (type.isEnum()) return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
        return "a single value";
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "a list";
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> "a single value";
            default -> t.toString();
        };
    }
}
