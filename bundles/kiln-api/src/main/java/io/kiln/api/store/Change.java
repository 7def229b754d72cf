package io.kiln.api.store;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One write in an atomic batch ({@link DocumentStore#apply}).
 *
 * @param op              put (create or replace) or delete
 * @param kind            document kind
 * @param name            document name
 * @param expectedVersion the version the caller last saw; {@link DocumentStore#MUST_NOT_EXIST} (0) to create;
 *                        {@link DocumentStore#ANY_VERSION} (-1) to overwrite or delete whatever is there
 *                        (GitOps: the repository wins)
 * @param json            the new document for {@link Op#PUT}; null for {@link Op#DELETE}
 * @param keys            unique secondary keys of the new document, see {@link DocumentStore#put(String, String, long, String, Map)};
 *                        empty for {@link Op#DELETE}
 */
public record Change(Op op, String kind, String name, long expectedVersion, String json, Map<String, Set<String>> keys) {

    /** What a change does. */
    public enum Op {
        /** Create the document or replace it, with its keys. */
        PUT,
        /** Remove the document and its keys. */
        DELETE
    }

    public Change {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (op == Op.PUT) Objects.requireNonNull(json, "json of a PUT");
        keys = copyKeys(keys);
        if (op == Op.DELETE && !keys.isEmpty()) throw new IllegalArgumentException("a DELETE takes no keys");
    }

    /** A change without secondary keys. */
    public Change(Op op, String kind, String name, long expectedVersion, String json) {
        this(op, kind, name, expectedVersion, json, Map.of());
    }

    /** Creates or replaces a document. */
    public static Change put(String kind, String name, long expectedVersion, String json, Map<String, Set<String>> keys) {
        return new Change(Op.PUT, kind, name, expectedVersion, json, keys);
    }

    /** Removes a document. */
    public static Change delete(String kind, String name, long expectedVersion) {
        return new Change(Op.DELETE, kind, name, expectedVersion, null, Map.of());
    }

    /** An immutable, sorted copy; null means no keys. */
    static Map<String, Set<String>> copyKeys(Map<String, Set<String>> keys) {
        if (keys == null || keys.isEmpty()) return Map.of();
        TreeMap<String, Set<String>> copy = new TreeMap<>();
        keys.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key name"), v == null ? Set.of() : Set.copyOf(v)));
        return java.util.Collections.unmodifiableMap(copy);
    }
}
