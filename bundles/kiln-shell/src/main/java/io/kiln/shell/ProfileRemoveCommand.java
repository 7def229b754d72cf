package io.kiln.shell;

import io.kiln.api.inventory.Inventory;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:profile-remove: deletes a boot profile no host uses. */
@Service
@Command(scope = "kiln", name = "profile-remove", description = "Remove a boot profile (refused while hosts use it)")
public class ProfileRemoveCommand extends KilnAction {

    @Reference Inventory inventory;

    @Argument(index = 0, name = "name", required = true, description = "profile name")
    String name;

    @Override
    protected Object run() {
        System.out.println("Removed profile " + inventory.removeProfile(name).name());
        return null;
    }
}
