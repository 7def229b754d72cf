package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.onboarding.Onboarding;
import io.kiln.api.onboarding.PendingMachine;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/** kiln:host-reject: refuses a waiting machine from now on. */
@Service
@Command(scope = "kiln", name = "host-reject", description = "Refuse a machine waiting in kiln:host-pending from now on")
public class HostRejectCommand extends KilnAction {

    @Reference(optional = true) Onboarding onboarding;
    @Reference Session session;

    @Argument(index = 0, name = "id", required = true, description = "the machine's id in kiln:host-pending")
    String id;

    @Argument(index = 1, name = "reason", description = "why (kept with the decision)")
    String reason;

    @Override
    protected Object run() {
        if (onboarding == null) throw new KilnException(KilnException.Kind.UNAVAILABLE, "Kiln onboarding is not running (kiln:status says why)", null);
        PendingMachine m = onboarding.reject(id, reason, Operators.name(session));
        System.out.println("Machine " + m.id() + " " + m.decision());
        return null;
    }
}
