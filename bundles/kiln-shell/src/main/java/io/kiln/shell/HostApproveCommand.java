package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.onboarding.Onboarding;
import io.kiln.api.onboarding.PendingMachine;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/** kiln:host-approve: lets a waiting machine onboard at its next request. */
@Service
@Command(scope = "kiln", name = "host-approve", description = "Let a machine waiting in kiln:host-pending onboard (as the host it resembles, or as HOST)")
public class HostApproveCommand extends KilnAction {

    @Reference(optional = true) Onboarding onboarding;
    @Reference Session session;

    @Argument(index = 0, name = "id", required = true, description = "the machine's id in kiln:host-pending")
    String id;

    @Argument(index = 1, name = "host", description = "the host it is (default: the host it resembles)")
    String host;

    @Option(name = "--register", description = "create HOST from the machine's MACs, UUID and serial")
    boolean register;

    @Option(name = "--site", description = "with --register: the new host's site")
    String site;

    @Option(name = "--role", description = "with --register: the new host's role")
    String role;

    @Override
    protected Object run() {
        if (onboarding == null) throw new KilnException(KilnException.Kind.UNAVAILABLE, "Kiln onboarding is not running (kiln:status says why)", null);
        if (!register && (site != null || role != null)) throw KilnException.invalid("--site and --role go with --register");
        PendingMachine m = onboarding.approve(id, host, register, site, role, Operators.name(session));
        System.out.println("Machine " + m.id() + " " + m.decision() + "; it onboards at its next request (within seconds)");
        return null;
    }
}
