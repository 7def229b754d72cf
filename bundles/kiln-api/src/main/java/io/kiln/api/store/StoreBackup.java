package io.kiln.api.store;

import java.io.InputStream;
import java.io.OutputStream;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The whole store as one file, online: {@code kiln:store-backup} / {@code kiln:store-restore} and
 * {@code GET /api/v1/store/backup} / {@code POST /api/v1/store/restore}. The file is the same from either database,
 * so it also moves an appliance from the embedded database to PostgreSQL.
 */
@ProviderType
public interface StoreBackup {

    /**
     * Writes every document (deleted ones' tombstones and unique keys included) as they were at one moment, while
     * others go on writing.
     *
     * @throws io.kiln.api.KilnException UNAVAILABLE when the database cannot be read
     */
    BackupSummary backup(OutputStream out);

    /**
     * Writes a backup into the store, which must be empty (a new appliance or database): all of it, or nothing.
     *
     * @throws io.kiln.api.KilnException INVALID when the file is not a whole backup (naming the line) or the store
     *                                   is not empty; UNAVAILABLE when the database cannot be written
     */
    BackupSummary restore(InputStream in);
}
