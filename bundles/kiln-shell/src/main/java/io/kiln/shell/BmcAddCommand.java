package io.kiln.shell;

import io.kiln.api.hardware.BmcAdded;
import io.kiln.api.hardware.BmcRegistration;
import io.kiln.api.hardware.HardwareKeys;
import io.kiln.api.hardware.HardwareService;
import io.kiln.api.inventory.Host;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:bmc-add: registers a host from what its BMC reports (MACs, UUID, serial, hardware facts). */
@Service
@Command(scope = "kiln", name = "bmc-add", description = "Register a host from its BMC: the plugin that claims the address inspects it (MACs, UUID,"
        + " serial, hardware), named from the serial unless --name")
public class BmcAddCommand extends KilnAction {

    @Reference(optional = true) HardwareService hardware;

    @Argument(index = 0, name = "address", required = true, description = "BMC address or URL, e.g. https://10.0.0.10")
    String address;

    @Option(name = "--credential", required = true, description = "the stored BMC login to use (kiln:credential-set)")
    String credential;

    @Option(name = "--plugin", description = "the plugin to use (the host then names it; default: the one that claims the address)")
    String plugin;

    @Option(name = "--name", description = "host name (default: from the serial number the BMC reports)")
    String name;

    @Option(name = "--profile", aliases = "-p", description = "boot profile name")
    String profile;

    @Option(name = "--site", aliases = "-s", description = "site the host is at")
    String site;

    @Option(name = "--role", aliases = "-r", description = "what the host is for")
    String role;

    @Option(name = "--var", multiValued = true, description = "host variable key=value (repeatable), e.g. a plugin's setting it needs to reach the BMC:"
            + " --var redfish.tlsSha256=<the certificate's SHA-256>")
    List<String> vars;

    @Override
    protected Object run() {
        BmcAdded a = Hardware.require(hardware).addBmc(new BmcRegistration(address, credential, plugin, name, profile, site, role, Vars.parse(vars)));
        Host h = a.host();
        System.out.println("Added host " + h.name() + " " + String.join(",", h.macs()) + " from BMC " + h.bmc().address() + " (plugin " + a.plugin() + ")");
        System.out.println("UUID " + (h.uuid() == null ? "-" : h.uuid()) + ", serial " + (h.serial() == null ? "-" : h.serial()) + ", "
                + h.hardware().getOrDefault(HardwareKeys.MANUFACTURER, "?") + " " + h.hardware().getOrDefault(HardwareKeys.MODEL, "?")
                + (h.profile() == null ? ", no profile (it will not be booted)" : ", profile " + h.profile()));
        return null;
    }
}
