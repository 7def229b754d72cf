package io.kiln.shell;

import io.kiln.api.hardware.HardwareService;
import io.kiln.api.hardware.PluginInfo;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** kiln:plugin-list: the deployed hardware plugins. */
@Service
@Command(scope = "kiln", name = "plugin-list", description = "List deployed hardware plugins: name, bundle, version, interfaces, what they claim")
public class PluginListCommand extends KilnAction {

    // optional: the other kiln:* commands must stay available even when this service is down
    @Reference(optional = true) HardwareService hardware;

    @Override
    protected Object run() {
        ShellTable t = new ShellTable();
        t.column("Name");
        t.column("Bundle");
        t.column("Version");
        t.column("Interfaces");
        t.column("Claims");
        for (PluginInfo p : Hardware.require(hardware).plugins()) {
            t.addRow().addContent(p.name(), p.bundle(), p.version(), String.join(",", p.interfaces()), p.claims().isEmpty() ? "-" : p.claims());
        }
        t.print(System.out);
        return null;
    }
}
