package io.kiln.onboarding.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kiln.api.KilnException;
import io.kiln.api.store.Document;
import io.kiln.api.store.DocumentStore;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Read-modify-write of one JSON document, retried when another writer came first (several agents, several appliances). */
final class Documents {
    private static final int ATTEMPTS = 8;

    private Documents() {
    }

    static Optional<ObjectNode> read(DocumentStore store, String kind, String name) {
        return store.get(kind, name).map(d -> (ObjectNode) Json.parse(d.json()));
    }

    /**
     * Applies {@code change} to the document (an empty object when it does not exist) and writes it with the version
     * read; a conflicting write reloads and applies again.
     *
     * @param change returns the new document, or null to leave it as it is
     * @return the document as written (or as it was)
     */
    static ObjectNode update(DocumentStore store, String kind, String name, UnaryOperator<ObjectNode> change) {
        for (int i = 0; ; i++) {
            Optional<Document> d = store.get(kind, name);
            ObjectNode before = d.map(x -> (ObjectNode) Json.parse(x.json())).orElseGet(Json::object);
            ObjectNode after = change.apply(before.deepCopy());
            if (after == null) return before;
            try {
                store.put(kind, name, d.map(Document::version).orElse(DocumentStore.MUST_NOT_EXIST), Json.write(after));
                return after;
            } catch (KilnException e) {
                if (e.kind() != KilnException.Kind.CONFLICT || i >= ATTEMPTS) throw e;
            }
        }
    }
}
