package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.dhcp.DhcpService;
import io.kiln.api.dhcp.DhcpStatus;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:dhcp-status: mode, sockets and counters of the DHCP server. */
@Service
@Command(scope = "kiln", name = "dhcp-status", description = "Show the DHCP server's mode, sockets, counters, refusals and alerts")
public class DhcpStatusCommand extends KilnAction {

    // optional: the other kiln:* commands must stay available even when this service is down
    @Reference(optional = true) DhcpService dhcp;

    @Override
    protected Object run() {
        if (dhcp == null) throw new KilnException(KilnException.Kind.UNAVAILABLE, "the Kiln DHCP service is not running (see log:display)", null);
        DhcpStatus s = dhcp.status();
        System.out.println("Mode:       " + s.mode());
        System.out.println("Listening:  " + (s.listening().isEmpty() ? "nothing" : String.join("; ", s.listening())));
        System.out.println("Received:   " + s.received());
        System.out.println("Replied:    " + s.replied());
        System.out.println("Ignored:    " + s.ignored() + " (valid requests not answered by policy)");
        System.out.println("Malformed:  " + s.malformed() + " (dropped)");
        System.out.println("Leases:     " + s.leases());
        for (String pool : s.pools()) System.out.println("Pool:       " + pool);
        long refused = s.refused().values().stream().mapToLong(Long::longValue).sum();
        StringBuilder why = new StringBuilder();
        s.refused().forEach((reason, n) -> {
            if (n > 0) why.append(why.length() == 0 ? " (" : ", ").append(reason).append(' ').append(n);
        });
        System.out.println("Refused:    " + refused + (why.length() == 0 ? "" : why + ")"));
        if (s.mode().equals("full")) System.out.println("Reused:     " + s.offersReused() + " (offers handed on before they were requested)");
        for (String alert : s.alerts()) System.out.println("ALERT:      " + alert);
        return null;
    }
}
