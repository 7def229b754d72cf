package io.kiln.pki.internal;

import io.kiln.api.KilnException;
import io.kiln.api.store.Change;
import io.kiln.api.store.Document;
import io.kiln.api.store.DocumentStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** A DocumentStore in memory, with the versions and conflicts of the real one (keys are not indexed: PKI uses none). */
final class MemoryStore implements DocumentStore {
    private final Map<String, Document> docs = new TreeMap<>();
    private long revision;

    @Override
    public synchronized Optional<Document> get(String kind, String name) {
        return Optional.ofNullable(docs.get(kind + "/" + name));
    }

    @Override
    public synchronized List<Document> list(String kind) {
        List<Document> out = new ArrayList<>();
        for (Document d : docs.values()) if (d.kind().equals(kind)) out.add(d);
        return out;
    }

    @Override
    public Optional<Document> findByKey(String kind, String key, String value) {
        return Optional.empty();
    }

    @Override
    public synchronized Document put(String kind, String name, long expectedVersion, String json, Map<String, Set<String>> keys) {
        Document old = docs.get(kind + "/" + name);
        if (expectedVersion == MUST_NOT_EXIST && old != null) throw KilnException.conflict(kind + " '" + name + "' exists");
        if (expectedVersion > 0 && old == null) throw KilnException.notFound(kind + " '" + name + "'");
        if (expectedVersion > 0 && old.version() != expectedVersion) throw KilnException.conflict(kind + " '" + name + "' changed");
        Document d = new Document(kind, name, old == null ? 1 : old.version() + 1, json, Instant.now());
        docs.put(kind + "/" + name, d);
        revision++;
        return d;
    }

    @Override
    public synchronized void delete(String kind, String name, long expectedVersion) {
        if (docs.remove(kind + "/" + name) != null) revision++;
    }

    @Override
    public List<Document> apply(List<Change> changes) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized long revision() {
        return revision;
    }

    @Override
    public String describe() {
        return "memory";
    }
}
