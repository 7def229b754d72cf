package io.kiln.shell;

import io.kiln.api.hardware.HardwareService;
import io.kiln.api.hardware.InterfaceChoice;
import io.kiln.api.hardware.PluginExplanation;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:plugin-explain: which plugin serves each hardware interface of a host, and why. */
@Service
@Command(scope = "kiln", name = "plugin-explain", description = "Show which hardware plugin serves each interface of a host (power, boot, ...) and why")
public class PluginExplainCommand extends KilnAction {

    @Reference(optional = true) HardwareService hardware;

    @Argument(index = 0, name = "host", required = true, description = "host name")
    String host;

    @Override
    protected Object run() {
        PluginExplanation e = Hardware.require(hardware).explain(host);
        System.out.println("Host:       " + e.host());
        System.out.println("BMC:        " + (e.bmc() == null ? "none" : e.bmc()));
        System.out.println("Named:      " + (e.namedPlugin() == null ? "no plugin (plugins that claim the BMC serve it)" : e.namedPlugin()));
        System.out.println("Preference: " + (e.preference().isEmpty() ? "none (by name; etc/io.kiln.plugins.cfg)" : String.join(", ", e.preference())));
        for (InterfaceChoice c : e.interfaces()) {
            System.out.println(c.hardwareInterface() + ": " + (c.plugin() == null ? "none" : c.plugin()));
            System.out.println("  why: " + c.why());
            for (String p : c.problems()) System.out.println("  problem: " + p);
            for (String o : c.considered()) System.out.println("  not chosen: " + o);
        }
        return null;
    }
}
