package io.kiln.shell;

import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Inventory;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** kiln:host-list: the registered hosts. */
@Service
@Command(scope = "kiln", name = "host-list", description = "List registered hosts")
public class HostListCommand extends KilnAction {

    @Reference Inventory inventory;

    @Override
    protected Object run() {
        ShellTable t = new ShellTable();
        t.column("Name");
        t.column("MACs");
        t.column("Profile");
        t.column("Site");
        t.column("Role");
        t.column("IPv4");
        t.column("UUID");
        t.column("Serial");
        for (Host h : inventory.hosts()) {
            t.addRow().addContent(h.name(), String.join(",", h.macs()), dash(h.profile()), dash(h.site()), dash(h.role()), dash(h.ipv4()), dash(h.uuid()), dash(h.serial()));
        }
        t.print(System.out);
        return null;
    }

    static String dash(String s) {
        return s == null ? "-" : s;
    }
}
