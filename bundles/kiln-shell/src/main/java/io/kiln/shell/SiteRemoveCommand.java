package io.kiln.shell;

import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Inventory;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:site-remove: deletes a site no host or cluster uses. */
@Service
@Command(scope = "kiln", name = "site-remove", description = "Remove a site (refused while hosts or clusters use it)")
public class SiteRemoveCommand extends KilnAction {

    @Reference Inventory inventory;

    @Argument(index = 0, name = "name", required = true, description = "site name")
    String name;

    @Override
    protected Object run() {
        System.out.println(Saves.remove(inventory, EntityKind.SITE, name));
        return null;
    }
}
