package io.kiln.api.gitops;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Reconciles the inventory to a directory of YAML files, shows the drift between the two, and writes the inventory
 * out in the same layout.
 *
 * <p>Layout: {@code DIR/<kind>/<name>.yaml} (or {@code .yml}) for the kinds {@code sites}, {@code roles},
 * {@code profiles}, {@code hosts}, {@code clusters} and {@code instances}; one entity per file (one YAML document),
 * its fields those of the API records ({@link io.kiln.api.inventory.Host} etc.), its name ({@code host} for an
 * instance) equal to the file name. Other files and directories at the top level (a README, {@code .git}) are not
 * read; other files in a kind directory are ignored unless they end in {@code .yaml}/{@code .yml}; a
 * subdirectory there is an error (its files would otherwise be silently left out).
 *
 * <p>Status fields are Kiln's, not the files': {@code hardware} and {@code currentState} of a host and
 * {@code current} of an instance may not appear in a file; apply keeps what the store has, export leaves them out,
 * diff ignores them.
 *
 * <p>Prune: an entity in the store that has no file is deleted only when {@code prune} is true (the default for the
 * commands and REST is false; the watcher follows its {@code prune} setting). Without prune such entities stay and
 * are shown by {@link #diff} as REMOVED. A missing kind directory counts as an empty one, but a directory with none
 * of the six kind directories is refused, so that a wrong path never prunes the whole inventory.
 */
@ProviderType
public interface DeclarativeInventory {

    /**
     * Makes the store equal to the files, atomically: everything is read and checked first (every bad file is
     * reported), then written in one transaction, or nothing is.
     *
     * @param dir   the inventory directory
     * @param prune also delete entities of the store that have no file
     * @return what was created, updated, deleted and left unchanged
     * @throws io.kiln.api.KilnException INVALID listing every problem as {@code path:line: reason} (paths relative
     *                                   to {@code dir}), nothing applied; NOT_FOUND if {@code dir} does not exist;
     *                                   CONFLICT or UNAVAILABLE from the store, nothing applied
     */
    ApplyResult apply(Path dir, boolean prune);

    /**
     * What {@link #apply} would change (REMOVED entries are deleted only with prune).
     *
     * @throws io.kiln.api.KilnException INVALID listing every problem {@link #apply} without prune would refuse the
     *                                   directory for, as {@code path:line: reason}; NOT_FOUND as for apply
     */
    InventoryDiff diff(Path dir);

    /**
     * Writes the whole inventory as files in the same layout (created if missing; stale {@code .yaml} files in the
     * kind directories are removed, nothing else is touched). Deterministic: the same store gives the same bytes,
     * so export then apply changes nothing.
     *
     * @throws io.kiln.api.KilnException UNAVAILABLE when a file cannot be written
     */
    void export(Path dir);
}
