package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.store.BackupSummary;
import io.kiln.api.store.StoreBackup;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/** kiln:store-backup: the whole store, online and consistent, into one file on the appliance. */
@Service
@Command(scope = "kiln", name = "store-backup", description = "Back up the whole store (online, consistent) to a file")
public class StoreBackupCommand extends KilnAction {

    @Reference StoreBackup backup;

    @Argument(index = 0, name = "file", required = true, description = "file to write, e.g. /var/backups/kiln/kiln-store.jsonl")
    @org.apache.karaf.shell.api.action.Completion(FileCompleter.class)
    String file;

    @Option(name = "--force", description = "replace the file if it exists")
    boolean force;

    @Override
    protected Object run() throws IOException {
        Path f = Path.of(file).toAbsolutePath().normalize();
        if (Files.exists(f) && !force) throw KilnException.invalid(f + " exists: choose another file, or --force to replace it");
        Path dir = f.getParent();
        if (dir == null || !Files.isDirectory(dir)) throw KilnException.invalid("directory " + dir + " does not exist");
        // written beside and moved into place: a failed backup never leaves a truncated file under the name
        Path tmp = Files.createTempFile(dir, f.getFileName().toString(), ".part");
        BackupSummary s;
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                s = backup.backup(out);
            }
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        System.out.println("Backed up " + s.documents() + " document(s), " + s.tombstones() + " tombstone(s) and " + s.keys()
                + " key(s) at revision " + s.revision() + " of " + s.source() + " to " + f + " (" + Files.size(f) + " bytes)");
        return null;
    }
}
