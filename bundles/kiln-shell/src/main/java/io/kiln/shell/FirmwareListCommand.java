package io.kiln.shell;

import io.kiln.api.hardware.FirmwareInventory;
import io.kiln.api.hardware.FirmwareItem;
import io.kiln.api.hardware.HardwareService;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** kiln:firmware-list: a host's firmware as its BMC reports it. */
@Service
@Command(scope = "kiln", name = "firmware-list", description = "List a host's firmware (component, version, updateable) as its BMC reports it")
public class FirmwareListCommand extends KilnAction {

    @Reference(optional = true) HardwareService hardware;

    @Argument(index = 0, name = "host", required = true, description = "host name")
    String host;

    @Override
    protected Object run() {
        FirmwareInventory inv = Hardware.require(hardware).firmware(host);
        System.out.println(inv.host() + ": firmware (plugin " + inv.plugin() + ")");
        ShellTable t = new ShellTable();
        t.column("Id");
        t.column("Component");
        t.column("Version");
        t.column("Updateable");
        for (FirmwareItem i : inv.components()) t.addRow().addContent(i.id(), i.name(), i.version(), i.updateable() ? "yes" : "no");
        t.print(System.out);
        return null;
    }
}
