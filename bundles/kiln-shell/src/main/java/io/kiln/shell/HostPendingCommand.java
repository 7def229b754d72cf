package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.onboarding.Onboarding;
import io.kiln.api.onboarding.PendingMachine;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** kiln:host-pending: machines that asked to be onboarded and wait for an operator, and why. */
@Service
@Command(scope = "kiln", name = "host-pending", description = "List machines waiting for an operator to approve their onboarding, and why they wait")
public class HostPendingCommand extends KilnAction {

    @Reference(optional = true) Onboarding onboarding;

    @Option(name = "--all", description = "also approved and rejected machines")
    boolean all;

    @Override
    protected Object run() {
        if (onboarding == null) throw new KilnException(KilnException.Kind.UNAVAILABLE, "Kiln onboarding is not running (kiln:status says why)", null);
        ShellTable t = new ShellTable();
        t.column("Id");
        t.column("State");
        t.column("MACs");
        t.column("UUID");
        t.column("Serial");
        t.column("From");
        t.column("Last seen");
        t.column("Resembles");
        t.column("Why").maxSize(100).wrap();
        for (PendingMachine m : onboarding.pending()) {
            if (!all && m.state() != PendingMachine.State.PENDING) continue;
            String why = m.reason() + (m.decision() == null ? "" : " [" + m.decision() + "]")
                    + (m.rules().isEmpty() ? "" : " rules: " + String.join("; ", m.rules()));
            t.addRow().addContent(m.id(), Enums.word(m.state()), String.join(",", m.macs()), HostListCommand.dash(m.uuid()),
                    HostListCommand.dash(m.serial()), HostListCommand.dash(m.address()), m.lastSeen(), HostListCommand.dash(m.candidate()), why);
        }
        t.print(System.out);
        return null;
    }
}
