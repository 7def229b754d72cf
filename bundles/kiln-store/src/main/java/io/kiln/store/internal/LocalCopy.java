package io.kiln.store.internal;

import io.kiln.api.store.Document;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last copy of a shared database kept on the appliance's own disk, served read-only while the database cannot
 * be reached: the inventory loads from it, so machines boot from what the appliance last knew even when PostgreSQL
 * is down as the appliance starts.
 */
final class LocalCopy {
    private final StoreDump dump;
    private final Path file;
    private final Map<String, List<Document>> byKind = new HashMap<>();
    private final Map<String, Document> byName = new HashMap<>();
    private final Map<String, String> keys = new HashMap<>();

    LocalCopy(StoreDump dump, Path file) {
        this.dump = dump;
        this.file = file;
        for (StoreDump.Row r : dump.documents()) {
            if (r.body() == null) continue;
            Document d = new Document(r.kind(), r.name(), r.version(), r.body(), r.updated());
            byKind.computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(d);
            byName.put(r.kind() + "\u0000" + r.name(), d);
        }
        byKind.values().forEach(l -> l.sort(Comparator.comparing(Document::name)));
        for (StoreDump.KeyRow k : dump.keys()) keys.put(k.kind() + "\u0000" + k.key() + "\u0000" + k.value(), k.name());
    }

    Optional<Document> get(String kind, String name) {
        return Optional.ofNullable(byName.get(kind + "\u0000" + name));
    }

    List<Document> list(String kind) {
        return List.copyOf(byKind.getOrDefault(kind, List.of()));
    }

    Optional<Document> findByKey(String kind, String key, String value) {
        String name = keys.get(kind + "\u0000" + key + "\u0000" + value);
        return name == null ? Optional.empty() : get(kind, name);
    }

    long revision() {
        return dump.revision();
    }

    /** For operators: which copy, of when. */
    String describe() {
        return "the local copy " + file + " of " + dump.taken() + " (revision " + dump.revision() + ", " + dump.liveDocuments() + " document(s))";
    }
}
