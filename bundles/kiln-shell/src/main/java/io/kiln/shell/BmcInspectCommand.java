package io.kiln.shell;

import io.kiln.api.hardware.HardwareService;
import io.kiln.api.hardware.InspectionResult;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:bmc-inspect: refreshes a host's hardware facts from its BMC. */
@Service
@Command(scope = "kiln", name = "bmc-inspect", description = "Refresh a host's hardware facts (manufacturer, model, memory, disks, pci) from its BMC")
public class BmcInspectCommand extends KilnAction {

    @Reference(optional = true) HardwareService hardware;

    @Argument(index = 0, name = "host", required = true, description = "host name")
    String host;

    @Override
    protected Object run() {
        InspectionResult r = Hardware.require(hardware).inspect(host);
        System.out.println(r.host() + ": hardware facts refreshed (plugin " + r.plugin() + ")");
        new java.util.TreeMap<>(r.hardware()).forEach((k, v) -> System.out.println("  " + k + ": " + v));
        return null;
    }
}
