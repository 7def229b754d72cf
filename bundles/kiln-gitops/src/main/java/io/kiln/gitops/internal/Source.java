package io.kiln.gitops.internal;

import java.nio.file.Path;

/** Where the declared inventory comes from: a directory, or a git checkout. */
interface Source {

    /** The directory to apply and the revision it is at. */
    record Snapshot(Path dir, String revision) {
    }

    /** e.g. the directory, or "URL (branch)". */
    String describe();

    /** Looks at the source (fetching in git mode) and says what it holds now. */
    Snapshot check() throws Exception;
}
