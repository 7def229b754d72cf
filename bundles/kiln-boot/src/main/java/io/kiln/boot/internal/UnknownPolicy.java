package io.kiln.boot.internal;

import java.util.Locale;

/** What Kiln does with a machine that is not in the inventory. */
enum UnknownPolicy {
    /** Say nothing: the machine falls through to its next boot device. */
    IGNORE,
    /** Boot it into the discovery profile. */
    DISCOVER;

    /** The configuration spelling, as operators wrote it. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
