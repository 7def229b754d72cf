package io.kiln.boot.internal;

import java.util.Locale;

/** What Kiln does with a machine that is not in the inventory. */
enum UnknownPolicy {
    /** Say nothing: the machine falls through to its next boot device. */
    IGNORE,
    /** Boot it into the discovery profile. */
    DISCOVER;

    /** @throws IllegalArgumentException for anything but "ignore" or "discover" (any case) */
    static UnknownPolicy parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "ignore" -> IGNORE;
            case "discover" -> DISCOVER;
            default -> throw new IllegalArgumentException("unknownPolicy = '" + value + "': use 'ignore' or 'discover'");
        };
    }

    /** The configuration spelling, as operators wrote it. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
