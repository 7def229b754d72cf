package io.kiln.shell;

import io.kiln.api.hardware.HardwareService;
import io.kiln.api.hardware.PowerCommand;
import io.kiln.api.hardware.PowerReading;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:bmc-power: a host's power through its BMC's plugin. */
@Service
@Command(scope = "kiln", name = "bmc-power", description = "Power a host on, off, graceful-off or cycle through its BMC, or show its power (status)")
public class BmcPowerCommand extends KilnAction {

    @Reference(optional = true) HardwareService hardware;

    @Argument(index = 0, name = "host", required = true, description = "host name")
    String host;

    @Argument(index = 1, name = "action", required = true, description = "on, off, graceful-off, cycle or status")
    String action;

    @Override
    protected Object run() {
        HardwareService hw = Hardware.require(hardware);
        PowerReading r;
        if ("status".equalsIgnoreCase(action.trim())) {
            r = hw.powerState(host);
            System.out.println(r.host() + ": power " + r.state() + " (plugin " + r.plugin() + ")");
        } else {
            PowerCommand c = PowerCommand.parse(action);
            r = hw.power(host, c);
            System.out.println(r.host() + ": power " + c.operatorName() + " accepted; power " + r.state() + " (plugin " + r.plugin() + ")");
        }
        return null;
    }
}
