package io.kiln.shell;

import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Inventory;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:instance-remove: forgets a host's instance. */
@Service
@Command(scope = "kiln", name = "instance-remove", description = "Remove a host's instance")
public class InstanceRemoveCommand extends KilnAction {

    @Reference Inventory inventory;

    @Argument(index = 0, name = "host", required = true, description = "host name")
    String host;

    @Override
    protected Object run() {
        System.out.println(Saves.remove(inventory, EntityKind.INSTANCE, host));
        return null;
    }
}
