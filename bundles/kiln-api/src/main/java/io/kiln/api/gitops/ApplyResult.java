package io.kiln.api.gitops;

import java.util.List;

/**
 * What an apply did; entities are named {@code kind/name} as their files are (e.g. {@code hosts/edge-01}).
 *
 * @param created   entities that did not exist
 * @param updated   entities whose fields changed
 * @param deleted   entities without a file, deleted because of prune
 * @param unchanged entities equal to their file (not written)
 * @param implied   instances created with their ZTP hosts, which need no file (e.g. {@code instances/edge-01})
 */
public record ApplyResult(List<String> created, List<String> updated, List<String> deleted, List<String> unchanged,
                          List<String> implied) {
    public ApplyResult {
        created = created == null ? List.of() : List.copyOf(created);
        updated = updated == null ? List.of() : List.copyOf(updated);
        deleted = deleted == null ? List.of() : List.copyOf(deleted);
        unchanged = unchanged == null ? List.of() : List.copyOf(unchanged);
        implied = implied == null ? List.of() : List.copyOf(implied);
    }

    /** A result without implied instances. */
    public ApplyResult(List<String> created, List<String> updated, List<String> deleted, List<String> unchanged) {
        this(created, updated, deleted, unchanged, List.of());
    }

    /** Whether the apply wrote anything. */
    public boolean changed() {
        return !created.isEmpty() || !updated.isEmpty() || !deleted.isEmpty() || !implied.isEmpty();
    }

    /** e.g. "2 created, 1 updated, 0 deleted, 17 unchanged", then e.g. "; 2 ZTP instances created with their hosts". */
    public String summary() {
        return created.size() + " created, " + updated.size() + " updated, " + deleted.size() + " deleted, "
                + unchanged.size() + " unchanged" + (implied.isEmpty() ? ""
                : "; " + implied.size() + " ZTP instance" + (implied.size() == 1 ? "" : "s") + " created with " + (implied.size() == 1 ? "its host" : "their hosts"));
    }
}
