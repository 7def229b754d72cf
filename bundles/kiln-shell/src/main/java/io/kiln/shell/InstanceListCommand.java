package io.kiln.shell;

import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.Versioned;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** kiln:instance-list: the instances (the OS on each host) and where they stand. */
@Service
@Command(scope = "kiln", name = "instance-list", description = "List instances: host, OS profile, desired and current state")
public class InstanceListCommand extends KilnAction {

    @Reference Inventory inventory;

    @Override
    protected Object run() {
        ShellTable t = new ShellTable();
        t.column("Host");
        t.column("Profile");
        t.column("Desired");
        t.column("Current");
        t.column("Version");
        for (Versioned<Instance> v : inventory.list(Instance.class)) {
            Instance i = v.value();
            t.addRow().addContent(i.host(), i.profile(), Enums.word(i.desired()), Enums.word(i.current()), v.version());
        }
        t.print(System.out);
        return null;
    }
}
