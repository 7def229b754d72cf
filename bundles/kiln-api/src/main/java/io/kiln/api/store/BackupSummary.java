package io.kiln.api.store;

import java.time.Instant;

/**
 * What a backup holds, or what a restore wrote.
 *
 * @param documents documents (live ones; deleted ones' tombstones are counted apart)
 * @param tombstones deleted documents kept so their versions never repeat
 * @param keys      unique keys (MACs, UUIDs, serials)
 * @param revision  the store's revision the backup is at
 * @param taken     when the backup was read
 * @param source    the database it was read from (never a password)
 */
public record BackupSummary(long documents, long tombstones, long keys, long revision, Instant taken, String source) {
}
