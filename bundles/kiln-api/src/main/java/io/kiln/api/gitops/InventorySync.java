package io.kiln.api.gitops;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The reconcile loop (config PID {@code io.kiln.gitops}): watches a directory or pulls a git repository and applies
 * it when it changes. Always present; {@link SyncStatus.Mode#OFF} when neither is configured.
 */
@ProviderType
public interface InventorySync {

    /** The configuration in force and the outcome of the last reconcile. */
    SyncStatus status();

    /**
     * Reconciles now (fetching the repository in git mode), even if nothing changed since the last attempt.
     *
     * @return the status afterwards (a failure is in {@link SyncStatus#lastError()}, not thrown)
     */
    SyncStatus syncNow();
}
