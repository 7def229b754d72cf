package io.kiln.workflow.internal;

import io.kiln.api.KilnException;
import io.kiln.api.store.Document;
import io.kiln.api.store.DocumentStore;
import java.util.Optional;
import java.util.function.Predicate;

/** Read, change, write one JSON document with the version read; a write another writer beat reloads and changes again. */
final class StoredUpdate {
    private static final int ATTEMPTS = 10;

    private StoredUpdate() {
    }

    /**
     * @param change returns false to leave the document as it is
     * @return the document as written (or as read, when unchanged), or empty when it does not exist
     */
    static <T> Optional<T> apply(DocumentStore store, String kind, String name, Class<T> type, Predicate<T> change) {
        for (int i = 0; ; i++) {
            Optional<Document> d = store.get(kind, name);
            if (d.isEmpty()) return Optional.empty();
            T value = WorkflowJson.read(d.get().json(), type);
            if (!change.test(value)) return Optional.of(value);
            try {
                store.put(kind, name, d.get().version(), WorkflowJson.write(value));
                return Optional.of(value);
            } catch (KilnException e) {
                if (e.kind() != KilnException.Kind.CONFLICT || i >= ATTEMPTS) throw e;
            }
        }
    }
}
