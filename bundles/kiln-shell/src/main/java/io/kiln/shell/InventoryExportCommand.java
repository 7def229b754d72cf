package io.kiln.shell;

import io.kiln.api.gitops.DeclarativeInventory;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/** kiln:inventory-export: writes the inventory as YAML files in the layout inventory-apply reads. */
@Service
@Command(scope = "kiln", name = "inventory-export", description = "Write the inventory as a directory of YAML files")
public class InventoryExportCommand extends KilnAction {

    @Reference DeclarativeInventory declarative;

    @Argument(index = 0, name = "dir", required = true, description = "directory to write (created if missing; stale .yaml files in its kind directories are removed)")
    @org.apache.karaf.shell.api.action.Completion(FileCompleter.class)
    String dir;

    @Override
    protected Object run() {
        Path d = Path.of(dir).toAbsolutePath().normalize();
        declarative.export(d);
        System.out.println("Exported the inventory to " + d);
        return null;
    }
}
