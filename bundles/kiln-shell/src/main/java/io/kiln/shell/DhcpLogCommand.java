package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.dhcp.DhcpEvent;
import io.kiln.api.dhcp.DhcpService;
import io.kiln.api.net.MacAddress;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** kiln:dhcp-log: the requests the DHCP server handled, what it answered and why. */
@Service
@Command(scope = "kiln", name = "dhcp-log", description = "Show recent DHCP requests, what Kiln answered and why (newest first)")
public class DhcpLogCommand extends KilnAction {

    // optional: the other kiln:* commands must stay available even when this service is down
    @Reference(optional = true) DhcpService dhcp;

    @Argument(index = 0, name = "mac", description = "only this machine")
    String mac;

    @Option(name = "-n", description = "how many entries (default 20)")
    int limit = 20;

    @Override
    protected Object run() {
        if (dhcp == null) throw new KilnException(KilnException.Kind.UNAVAILABLE, "the Kiln DHCP service is not running (see log:display)", null);
        ShellTable t = new ShellTable();
        t.column("Time");
        t.column("MAC");
        t.column("Request");
        t.column("Arch");
        t.column("Answer");
        t.column("Address");
        t.column("Boot file").maxSize(50);
        t.column("Why").maxSize(70);
        for (DhcpEvent e : dhcp.recent(mac == null ? null : MacAddress.canonical(mac), limit)) {
            t.addRow().addContent(e.time(), e.mac(), e.request(), e.arch() == null ? "-" : e.arch() + (e.ipxe() ? " iPXE" : ""),
                    e.answer(), HostListCommand.dash(e.address()), HostListCommand.dash(e.bootFile()), e.reason());
        }
        t.print(System.out);
        return null;
    }
}
