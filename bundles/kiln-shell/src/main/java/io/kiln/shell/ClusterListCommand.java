package io.kiln.shell;

import io.kiln.api.inventory.Cluster;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.Versioned;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** kiln:cluster-list: the clusters. */
@Service
@Command(scope = "kiln", name = "cluster-list", description = "List clusters")
public class ClusterListCommand extends KilnAction {

    @Reference Inventory inventory;

    @Override
    protected Object run() {
        ShellTable t = new ShellTable();
        t.column("Name");
        t.column("Site");
        t.column("Members").maxSize(80);
        t.column("Network");
        t.column("API VIP");
        t.column("Ingress VIP");
        t.column("Version");
        for (Versioned<Cluster> v : inventory.list(Cluster.class)) {
            Cluster c = v.value();
            t.addRow().addContent(c.name(), c.site(), Members.show(c.members()), HostListCommand.dash(c.machineNetwork()),
                    HostListCommand.dash(c.apiVip()), HostListCommand.dash(c.ingressVip()), v.version());
        }
        t.print(System.out);
        return null;
    }
}
