package io.kiln.shell;

import io.kiln.api.boot.ProvisioningFiles;
import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.ProvisioningMode;
import io.kiln.api.inventory.Site;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:site-add: a place with machines, its variables and networks. */
@Service
@Command(scope = "kiln", name = "site-add", description = "Define a site: its variables (DNS, NTP, ...), networks and provisioning mode")
public class SiteAddCommand extends KilnAction {

    @Reference Inventory inventory;

    @Reference(optional = true) ProvisioningFiles files;

    @Argument(index = 0, name = "name", required = true, description = "site name")
    String name;

    @Option(name = "--description", aliases = "-d", description = "free text")
    String description;

    @Option(name = "--var", multiValued = true, description = "site variable key=value (repeatable; lowest precedence after global)")
    List<String> vars;

    @Option(name = "--network", multiValued = true, description = "CIDR[,gateway=IP][,pool=FIRST-LAST][,relay=IP] (repeatable)")
    List<String> networks;

    @Option(name = "--mode", description = "ztp (default) or non-ztp")
    String mode;

    @Option(name = "--replace", description = "replace an existing site of that name instead of failing")
    boolean replace;

    @Override
    protected Object run() {
        Site s = new Site(name, description, Vars.parse(vars), Networks.parse(networks), Enums.parse(ProvisioningMode.class, mode, "--mode"));
        System.out.println(Saves.save(inventory, s, replace) + Saves.warnings(files, EntityKind.SITE, s.name()));
        return null;
    }
}
