package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.store.BackupSummary;
import io.kiln.api.store.StoreBackup;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/** kiln:store-restore: a backup into this appliance's store, which must be empty. */
@Service
@Command(scope = "kiln", name = "store-restore", description = "Restore a store backup into this appliance's empty store")
public class StoreRestoreCommand extends KilnAction {

    @Reference StoreBackup backup;

    @Argument(index = 0, name = "file", required = true, description = "a file written by kiln:store-backup")
    @org.apache.karaf.shell.api.action.Completion(FileCompleter.class)
    String file;

    @Override
    protected Object run() throws IOException {
        Path f = Path.of(file).toAbsolutePath().normalize();
        if (!Files.isRegularFile(f)) throw KilnException.invalid(f + " is not a file");
        BackupSummary s;
        try (InputStream in = Files.newInputStream(f)) {
            s = backup.restore(in);
        }
        System.out.println("Restored " + s.documents() + " document(s), " + s.tombstones() + " tombstone(s) and " + s.keys()
                + " key(s) of revision " + s.revision() + " (backed up from " + s.source() + " at " + s.taken() + ")."
                + " The inventory reads them within its refreshSeconds (etc/io.kiln.inventory.cfg).");
        return null;
    }
}
