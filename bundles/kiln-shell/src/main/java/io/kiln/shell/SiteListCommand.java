package io.kiln.shell;

import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.Site;
import io.kiln.api.inventory.Versioned;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** kiln:site-list: the sites. */
@Service
@Command(scope = "kiln", name = "site-list", description = "List sites")
public class SiteListCommand extends KilnAction {

    @Reference Inventory inventory;

    @Override
    protected Object run() {
        ShellTable t = new ShellTable();
        t.column("Name");
        t.column("Mode");
        t.column("Networks").maxSize(60);
        t.column("Variables").maxSize(60);
        t.column("Hosts");
        t.column("Version");
        List<Host> hosts = inventory.hosts();
        for (Versioned<Site> v : inventory.list(Site.class)) {
            Site s = v.value();
            long n = hosts.stream().filter(h -> s.name().equals(h.site())).count();
            t.addRow().addContent(s.name(), Enums.word(s.mode()), Networks.show(s.networks()), Vars.show(s.variables()), n, v.version());
        }
        t.print(System.out);
        return null;
    }
}
