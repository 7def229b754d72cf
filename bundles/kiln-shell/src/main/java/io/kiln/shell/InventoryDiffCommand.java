package io.kiln.shell;

import io.kiln.api.gitops.DeclarativeInventory;
import io.kiln.api.gitops.DiffEntry;
import io.kiln.api.gitops.InventoryDiff;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

/** kiln:inventory-diff: the drift between a directory of YAML files and the inventory. */
@Service
@Command(scope = "kiln", name = "inventory-diff", description = "Show how the inventory differs from a directory of YAML files")
public class InventoryDiffCommand extends KilnAction {

    @Reference DeclarativeInventory declarative;

    @Argument(index = 0, name = "dir", required = true, description = "inventory directory")
    @org.apache.karaf.shell.api.action.Completion(FileCompleter.class)
    String dir;

    @Override
    protected Object run() {
        Path d = Path.of(dir).toAbsolutePath().normalize();
        InventoryDiff diff = declarative.diff(d);
        if (diff.inSync()) {
            System.out.println("In sync: " + diff.same() + " entities, the inventory matches " + d);
            return null;
        }
        ShellTable t = new ShellTable();
        t.column("Change");
        t.column("Entity");
        t.column("Detail").maxSize(100).wrap();
        for (DiffEntry e : diff.entries()) t.addRow().addContent(e.type(), e.id(), e.detail());
        t.print(System.out);
        System.out.println(diff.entries().size() + " differ, " + diff.same() + " in sync (REMOVED entities are deleted only by apply --prune)");
        return null;
    }
}
