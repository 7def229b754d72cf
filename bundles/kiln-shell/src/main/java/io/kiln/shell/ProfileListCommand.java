package io.kiln.shell;

import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Inventory;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** kiln:profile-list: the boot profiles. */
@Service
@Command(scope = "kiln", name = "profile-list", description = "List boot profiles")
public class ProfileListCommand extends KilnAction {

    @Reference Inventory inventory;

    @Override
    protected Object run() {
        ShellTable t = new ShellTable();
        t.column("Name");
        t.column("Kernel");
        t.column("Initrds");
        t.column("Command line").maxSize(60);
        t.column("Hosts");
        for (BootProfile p : inventory.profiles()) {
            long n = inventory.hosts().stream().filter(h -> p.name().equals(h.profile())).count();
            t.addRow().addContent(p.name(), p.kernel(), String.join(",", p.initrds()), p.cmdline(), n);
        }
        t.print(System.out);
        return null;
    }
}
