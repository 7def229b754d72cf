package io.kiln.api.gitops;

import java.util.List;

/**
 * The drift between a directory of files and the store, sorted by kind (in {@link io.kiln.api.inventory.EntityKind}
 * order) and name.
 *
 * @param entries the entities that differ; empty when the store matches the files
 * @param same    how many entities are equal in both
 */
public record InventoryDiff(List<DiffEntry> entries, int same) {
    public InventoryDiff {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    /** Whether files and store agree. */
    public boolean inSync() {
        return entries.isEmpty();
    }
}
