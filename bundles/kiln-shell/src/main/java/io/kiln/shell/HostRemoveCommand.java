package io.kiln.shell;

import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.Inventory;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:host-remove: forgets a host. */
@Service
@Command(scope = "kiln", name = "host-remove", description = "Remove a registered host (and its instance)")
public class HostRemoveCommand extends KilnAction {

    @Reference Inventory inventory;

    @Argument(index = 0, name = "name", required = true, description = "host name")
    String name;

    @Override
    protected Object run() {
        boolean hadInstance = inventory.get(Instance.class, name).isPresent();
        System.out.println("Removed host " + inventory.removeHost(name).name() + (hadInstance ? " and its instance" : ""));
        return null;
    }
}
