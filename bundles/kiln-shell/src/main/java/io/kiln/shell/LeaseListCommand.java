package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.dhcp.DhcpService;
import io.kiln.api.dhcp.DhcpStatus;
import io.kiln.api.dhcp.Lease;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** kiln:lease-list: the DHCP leases (full mode). */
@Service
@Command(scope = "kiln", name = "lease-list", description = "List DHCP leases (full mode; proxy mode hands out no addresses)")
public class LeaseListCommand extends KilnAction {

    // optional: the other kiln:* commands must stay available even when this service is down
    @Reference(optional = true) DhcpService dhcp;

    @Override
    protected Object run() {
        if (dhcp == null) throw new KilnException(KilnException.Kind.UNAVAILABLE, "the Kiln DHCP service is not running (see log:display)", null);
        DhcpStatus s = dhcp.status();
        List<Lease> leases = dhcp.leases();
        if (!"full".equals(s.mode())) {
            System.out.println("DHCP mode is '" + s.mode() + "': Kiln hands out no addresses, so there are no leases.");
        }
        ShellTable t = new ShellTable();
        t.column("IP");
        t.column("MAC");
        t.column("Host");
        t.column("State");
        t.column("Expires");
        t.column("Pool");
        for (Lease l : leases) {
            t.addRow().addContent(l.ip(), l.mac(), HostListCommand.dash(l.hostName()), l.state(), l.expires(), l.pool());
        }
        t.print(System.out);
        return null;
    }
}
