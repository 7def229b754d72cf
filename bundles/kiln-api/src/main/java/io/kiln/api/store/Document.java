package io.kiln.api.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored document at one version.
 *
 * @param kind    what it is, e.g. {@code host}, {@code profile}; the namespace names are unique in
 * @param name    its name, unique within the kind
 * @param version 1 when first created, then one more with every write, deletes included (a name deleted and
 *                created again never repeats a version); pass it back to change the document
 * @param json    the document itself, as the caller wrote it (the store does not parse it)
 * @param updated when this version was written
 */
public record Document(String kind, String name, long version, String json, Instant updated) {

    public Document {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(updated, "updated");
        if (version < 1) throw new IllegalArgumentException("document version must be >= 1, was " + version);
    }
}
