package io.kiln.shell;

import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.Role;
import io.kiln.api.inventory.Versioned;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** kiln:role-list: the roles. */
@Service
@Command(scope = "kiln", name = "role-list", description = "List roles")
public class RoleListCommand extends KilnAction {

    @Reference Inventory inventory;

    @Override
    protected Object run() {
        ShellTable t = new ShellTable();
        t.column("Name");
        t.column("Profile");
        t.column("Packages").maxSize(40);
        t.column("Variables").maxSize(60);
        t.column("Hosts");
        t.column("Version");
        List<Host> hosts = inventory.hosts();
        for (Versioned<Role> v : inventory.list(Role.class)) {
            Role r = v.value();
            long n = hosts.stream().filter(h -> r.name().equals(h.role())).count();
            t.addRow().addContent(r.name(), HostListCommand.dash(r.profile()), r.packages().isEmpty() ? "-" : String.join(",", r.packages()),
                    Vars.show(r.variables()), n, v.version());
        }
        t.print(System.out);
        return null;
    }
}
