package io.kiln.shell;

import io.kiln.api.hardware.DeviceDriver;
import io.kiln.api.hardware.DriverPlan;
import io.kiln.api.hardware.HardwareService;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:drivers-explain: each PCI device of a host, the plugin and rule that matched and its source, and the plan. */
@Service
@Command(scope = "kiln", name = "drivers-explain", description = "Show the drivers a host's PCI devices get on its target OS: each device, the rule that matched and its source")
public class DriversExplainCommand extends KilnAction {

    @Reference(optional = true) HardwareService hardware;

    @Argument(index = 0, name = "host", required = true, description = "host name")
    String host;

    @Override
    protected Object run() {
        DriverPlan p = Hardware.require(hardware).drivers(host);
        System.out.println("Host:      " + p.host());
        System.out.println("Target OS: " + (p.osFamily() == null ? "unknown" : p.osFamily() + (p.osVersion() == null ? "" : " " + p.osVersion()))
                + (p.osFrom() == null ? "" : " (" + p.osFrom() + ")"));
        if (p.devices().isEmpty()) System.out.println("Devices:   none (the host's hardware fact 'pci' lists none)");
        for (DeviceDriver d : p.devices()) {
            System.out.println(d.vendorId() + ":" + d.deviceId() + (d.slot() == null ? "" : "@" + d.slot()) + (d.name() == null ? "" : " " + d.name()));
            System.out.println("  plugin: " + (d.plugin() == null ? "none" : d.plugin()) + (d.rule() == null ? "" : ", rule " + d.rule()));
            System.out.println("  why: " + d.why());
            if (d.source() != null) System.out.println("  source: " + d.source());
        }
        System.out.println("Packages:       " + list(p.packages()));
        System.out.println("Modules:        " + list(p.modules()));
        System.out.println("Kernel args:    " + list(p.kernelArgs()));
        System.out.println("Firmware files: " + list(p.firmwareFiles()));
        for (String n : p.notes()) System.out.println("note: " + n);
        for (String n : p.problems()) System.out.println("problem: " + n);
        return null;
    }

    private static String list(java.util.List<String> l) {
        return l.isEmpty() ? "none" : String.join(" ", l);
    }
}
