package io.kiln.api.gitops;

import java.time.Instant;

/**
 * Where the reconcile loop stands.
 *
 * @param mode          OFF, DIRECTORY or GIT
 * @param source        the watched directory, or the repository URL and branch; empty when OFF
 * @param prune         whether entities without a file are deleted
 * @param lastCheck     when the source was last looked at, or null
 * @param revision      what was last seen and attempted: the commit id (git) or a digest of the files (directory);
 *                      null before the first reconcile
 * @param appliedRevision the revision the store reflects: the last one applied successfully, or null (it differs
 *                      from {@code revision} while a newer commit is broken)
 * @param lastApplied   when the last successful apply finished, or null
 * @param lastResult    what the last successful apply did, or null
 * @param lastError     why the last attempt failed (the store was left untouched; retried on the next change), or
 *                      null when it succeeded
 * @param lastErrorTime when that failure happened, or null
 */
public record SyncStatus(Mode mode, String source, boolean prune, Instant lastCheck, String revision,
                         String appliedRevision, Instant lastApplied, ApplyResult lastResult, String lastError, Instant lastErrorTime) {

    /** What the loop follows. */
    public enum Mode { OFF, DIRECTORY, GIT }

    public SyncStatus {
        source = source == null ? "" : source;
    }
}
