package io.kiln.shell;

import io.kiln.api.hardware.BootChoice;
import io.kiln.api.hardware.BootSetting;
import io.kiln.api.hardware.HardwareService;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:bmc-boot: the device a host boots from, next boot only unless --persistent. */
@Service
@Command(scope = "kiln", name = "bmc-boot", description = "Set the device a host boots from through its BMC: pxe, http, cd or disk (next boot only unless --persistent)")
public class BmcBootCommand extends KilnAction {

    @Reference(optional = true) HardwareService hardware;

    @Argument(index = 0, name = "host", required = true, description = "host name")
    String host;

    @Argument(index = 1, name = "device", required = true, description = "pxe, http, cd or disk")
    String device;

    @Option(name = "--url", description = "for http: the URL the firmware fetches (default: the one Kiln's boot decision gives the host)")
    String url;

    @Option(name = "--persistent", description = "from now on, not only for the next boot")
    boolean persistent;

    @Override
    protected Object run() {
        BootSetting s = Hardware.require(hardware).setBootDevice(host, BootChoice.parse(device), url, persistent);
        System.out.println(s.host() + ": boot device " + s.device() + (s.url() == null ? "" : " " + s.url()) + " set, "
                + (s.persistent() ? "from now on" : "next boot only") + " (plugin " + s.plugin() + ")");
        if (s.urlSource() != null && !"given".equals(s.urlSource())) System.out.println("URL from " + s.urlSource());
        return null;
    }
}
