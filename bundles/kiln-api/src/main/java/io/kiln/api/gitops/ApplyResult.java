package io.kiln.api.gitops;

import java.util.List;

/**
 * What an apply did; entities are named {@code kind/name} as their files are (e.g. {@code hosts/edge-01}).
 *
 * @param created   entities that did not exist
 * @param updated   entities whose fields changed
 * @param deleted   entities without a file, deleted because of prune
 * @param unchanged entities equal to their file (not written)
 */
public record ApplyResult(List<String> created, List<String> updated, List<String> deleted, List<String> unchanged) {
    public ApplyResult {
        created = created == null ? List.of() : List.copyOf(created);
        updated = updated == null ? List.of() : List.copyOf(updated);
        deleted = deleted == null ? List.of() : List.copyOf(deleted);
        unchanged = unchanged == null ? List.of() : List.copyOf(unchanged);
    }

    /** Whether the apply wrote anything. */
    public boolean changed() {
        return !created.isEmpty() || !updated.isEmpty() || !deleted.isEmpty();
    }

    /** e.g. "2 created, 1 updated, 0 deleted, 17 unchanged". */
    public String summary() {
        return created.size() + " created, " + updated.size() + " updated, " + deleted.size() + " deleted, "
                + unchanged.size() + " unchanged";
    }
}
