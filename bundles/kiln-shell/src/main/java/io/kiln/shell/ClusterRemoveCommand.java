package io.kiln.shell;

import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Inventory;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:cluster-remove: dissolves a cluster (its hosts stay). */
@Service
@Command(scope = "kiln", name = "cluster-remove", description = "Remove a cluster (its hosts stay registered)")
public class ClusterRemoveCommand extends KilnAction {

    @Reference Inventory inventory;

    @Argument(index = 0, name = "name", required = true, description = "cluster name")
    String name;

    @Override
    protected Object run() {
        System.out.println(Saves.remove(inventory, EntityKind.CLUSTER, name));
        return null;
    }
}
