package io.kiln.shell;

import io.kiln.api.boot.ProvisioningFiles;
import io.kiln.api.inventory.Bmc;
import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostContext;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.ProvisioningMode;
import io.kiln.api.inventory.Versioned;
import java.util.List;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:host-add: registers a machine so that Kiln boots it. */
@Service
@Command(scope = "kiln", name = "host-add", description = "Register a host (MACs, UUID, serial), its boot profile, site, role, BMC and labels")
public class HostAddCommand extends KilnAction {

    @Reference Inventory inventory;

    @Reference(optional = true) ProvisioningFiles files;

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

    @Option(name = "--ip", description = "static IPv4 reservation (full DHCP mode; a single-node cluster's VIPs)")
    String ip;

    @Option(name = "--loader", description = "boot loader file overriding the architecture default, e.g. ipxe.efi")
    String loader;

    @Option(name = "--var", multiValued = true, description = "host variable key=value, highest precedence, also in the kernel command line (repeatable)")
    List<String> vars;

    @Option(name = "--site", aliases = "-s", description = "site the host is at")
    String site;

    @Option(name = "--role", aliases = "-r", description = "what the host is for")
    String role;

    @Option(name = "--bmc", description = "BMC address or URL, e.g. https://10.0.0.10")
    String bmc;

    @Option(name = "--bmc-plugin", description = "vendor plugin for the BMC, e.g. redfish (default: let plugins claim it)")
    String bmcPlugin;

    @Option(name = "--bmc-credential", description = "name of the stored credential for the BMC (never the secret itself)")
    String bmcCredential;

    @Option(name = "--label", aliases = "-l", multiValued = true, description = "label key=value for selection (repeatable)")
    List<String> labels;

    @Option(name = "--mode", description = "ztp (its instance is created now and provisioned once it onboards) or non-ztp (waits for"
            + " kiln:instance-add); default: the site's")
    String mode;

    @Option(name = "--replace", description = "replace an existing host of that name instead of failing (keeps its discovered hardware and states)")
    boolean replace;

    @Override
    protected Object run() {
        Optional<Versioned<Host>> old = replace ? inventory.get(Host.class, name) : Optional.empty();
        Host prev = old.map(Versioned::value).orElse(null);
        Bmc b = bmc == null && bmcPlugin == null && bmcCredential == null ? null : new Bmc(bmc, bmcPlugin, bmcCredential);
        Host h = new Host(name, macs, uuid, serial, profile, ip, loader, Vars.parse(vars), site, role, b,
                prev == null ? null : prev.hardware(), Vars.labels(labels),
                mode != null ? Enums.parse(ProvisioningMode.class, mode, "--mode") : prev == null ? null : prev.mode(),
                prev == null ? null : prev.desiredState(), prev == null ? null : prev.currentState());
        Host saved = inventory.save(h, old.map(Versioned::version).orElse(Inventory.MUST_NOT_EXIST)).value();
        HostContext c = inventory.context(saved.name()).orElseThrow();
        System.out.println((prev != null ? "Saved" : "Added") + " host " + saved.name() + " " + String.join(",", saved.macs())
                + (c.bootProfile() == null ? " (" + c.boot().describe(saved) + ": it will not be booted)" : " -> " + c.boot().describe(saved))
                + Saves.warnings(files, EntityKind.HOST, saved.name()));
        if (prev == null) System.out.println(HostShowCommand.instanceLine(inventory, saved));
        return null;
    }
}
