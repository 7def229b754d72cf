package io.kiln.api.inventory;

/** What a host list is ordered by ({@link HostQuery}); ties are broken by name. */
public enum HostSort {
    NAME, STATE, SITE, ROLE,
    /** When the host's spec or status was last written (oldest first). */
    UPDATED
}
