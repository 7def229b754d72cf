package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.tftp.TftpService;
import io.kiln.api.tftp.TftpStatus;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:tftp-status: state, roots and counters of the TFTP server. */
@Service
@Command(scope = "kiln", name = "tftp-status", description = "Show the TFTP server's state, roots and counters")
public class TftpStatusCommand extends KilnAction {

    // optional: the other kiln:* commands must stay available even when this service is down
    @Reference(optional = true) TftpService tftp;

    @Override
    protected Object run() {
        if (tftp == null) throw new KilnException(KilnException.Kind.UNAVAILABLE, "the Kiln TFTP service is not running (see log:display)", null);
        TftpStatus s = tftp.status();
        System.out.println("State:      " + s.state());
        System.out.println("Listening:  " + (s.listening() == null ? "nothing" : s.listening()));
        System.out.println("Roots:      " + String.join(", ", s.roots()));
        System.out.println("Requests:   " + s.requests());
        System.out.println("Completed:  " + s.completed());
        System.out.println("Active:     " + s.active());
        System.out.println("Bytes sent: " + s.bytesSent());
        System.out.println("Errors:     " + s.errors() + " (error packets sent: not found, refused paths, ...)");
        System.out.println("Malformed:  " + s.malformed() + " (dropped)");
        return null;
    }
}
