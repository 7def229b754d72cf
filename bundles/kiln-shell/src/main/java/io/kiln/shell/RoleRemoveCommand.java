package io.kiln.shell;

import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Inventory;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:role-remove: deletes a role no host has. */
@Service
@Command(scope = "kiln", name = "role-remove", description = "Remove a role (refused while hosts have it)")
public class RoleRemoveCommand extends KilnAction {

    @Reference Inventory inventory;

    @Argument(index = 0, name = "name", required = true, description = "role name")
    String name;

    @Override
    protected Object run() {
        System.out.println(Saves.remove(inventory, EntityKind.ROLE, name));
        return null;
    }
}
