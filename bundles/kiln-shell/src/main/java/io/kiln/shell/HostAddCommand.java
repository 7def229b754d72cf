package io.kiln.shell;

import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Inventory;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:host-add: registers a machine so that Kiln boots it. */
@Service
@Command(scope = "kiln", name = "host-add", description = "Register a host (MACs, UUID, serial) and the boot profile it gets")
public class HostAddCommand implements Action {

    @Reference Inventory inventory;

    @Argument(index = 0, name = "name", required = true, description = "host name (letters, digits, . _ -)")
    String name;

    @Option(name = "--mac", aliases = "-m", required = true, multiValued = true, description = "MAC address (repeat for several NICs)")
    List<String> macs;

    @Option(name = "--profile", aliases = "-p", description = "boot profile name")
    String profile;

    @Option(name = "--uuid", description = "SMBIOS system UUID")
    String uuid;

    @Option(name = "--serial", description = "chassis serial number")
    String serial;

    @Option(name = "--ip", description = "static IPv4 reservation (full DHCP mode)")
    String ip;

    @Option(name = "--loader", description = "boot loader file overriding the architecture default, e.g. ipxe.efi")
    String loader;

    @Option(name = "--var", multiValued = true, description = "variable for the kernel command line, key=value (repeatable)")
    List<String> vars;

    @Option(name = "--replace", description = "replace an existing host of that name instead of failing")
    boolean replace;

    @Override
    public Object execute() {
        Host h = new Host(name, macs, uuid, serial, profile, ip, loader, Vars.parse(vars));
        Host saved = replace && inventory.host(name).isPresent() ? inventory.updateHost(h) : inventory.addHost(h);
        System.out.println((replace ? "Saved" : "Added") + " host " + saved.name() + " " + String.join(",", saved.macs())
                + (saved.profile() == null ? " (no boot profile: it will not be booted)" : " -> profile " + saved.profile()));
        return null;
    }
}
