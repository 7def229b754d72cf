package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.status.ApplianceStatus;
import io.kiln.api.status.StatusService;
import io.kiln.api.status.SubsystemStatus;
import java.time.Duration;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** kiln:status: one screen with every subsystem up, degraded or down, why and since when; the version and uptime. */
@Service
@Command(scope = "kiln", name = "status", description = "Show every Kiln subsystem's state, why and since when")
public class StatusCommand extends KilnAction {

    // optional: the command must answer (saying so) even when the service is down
    @Reference(optional = true) StatusService status;

    @Override
    protected Object run() {
        if (status == null) {
            throw new KilnException(KilnException.Kind.UNAVAILABLE, "the Kiln status service (kiln-web) is not running; bundle:diag kiln-web says why", null);
        }
        ApplianceStatus s = status.status();
        System.out.println("Kiln " + s.version() + ", up " + uptime(s.uptime()) + " (since " + s.started() + "): "
                + word(s.overall()) + (s.ready() ? "" : ", NOT READY (store, inventory or HTTP boot down)"));
        ShellTable t = new ShellTable();
        t.column("Subsystem");
        t.column("State");
        t.column("Since");
        t.column("Reason").maxSize(100).wrap();
        for (SubsystemStatus x : s.subsystems()) t.addRow().addContent(x.name(), word(x.state()), x.since(), x.reason().isEmpty() ? "-" : x.reason());
        t.print(System.out);
        return null;
    }

    private static String word(SubsystemStatus.State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    static String uptime(Duration d) {
        long m = d.toMinutes();
        return m < 60 ? m + " min" : m / 60 + " h " + m % 60 + " min";
    }
}
