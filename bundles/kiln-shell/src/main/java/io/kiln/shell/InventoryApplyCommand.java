package io.kiln.shell;

import io.kiln.api.gitops.ApplyResult;
import io.kiln.api.gitops.DeclarativeInventory;
import java.nio.file.Path;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/** kiln:inventory-apply: makes the inventory equal to a directory of YAML files, atomically. */
@Service
@Command(scope = "kiln", name = "inventory-apply", description = "Apply a directory of inventory YAML files (all or nothing)")
public class InventoryApplyCommand extends KilnAction {

    @Reference DeclarativeInventory declarative;

    @Option(name = "--prune", description = "also delete entities that have no file")
    boolean prune;

    @Argument(index = 0, name = "dir", required = true, description = "inventory directory (sites/, roles/, profiles/, hosts/, clusters/, instances/)")
    @org.apache.karaf.shell.api.action.Completion(FileCompleter.class)
    String dir;

    @Override
    protected Object run() {
        Path d = Path.of(dir).toAbsolutePath().normalize();
        ApplyResult r = declarative.apply(d, prune);
        System.out.println("Applied " + d + ": " + r.summary());
        print("created", r.created());
        print("updated", r.updated());
        print("deleted", r.deleted());
        print("created with its ZTP host", r.implied());
        return null;
    }

    static void print(String what, List<String> ids) {
        int shown = 0;
        for (String id : ids) {
            if (shown++ == 50) {
                System.out.println("  ... and " + (ids.size() - 50) + " more " + what);
                break;
            }
            System.out.println("  " + what + " " + id);
        }
    }
}
