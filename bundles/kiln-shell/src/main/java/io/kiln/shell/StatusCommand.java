package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.status.ApplianceStatus;
import io.kiln.api.status.StatusService;
import io.kiln.api.status.SubsystemStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** kiln:status: one screen with every subsystem up, degraded or down, why and since when; the version and uptime. */
@Service
@Command(scope = "kiln", name = "status", description = "Show every Kiln subsystem's state, why and since when")
public class StatusCommand extends KilnAction {
    static final int REASON_WIDTH = 100;

    // optional: the command must answer (saying so) even when the service is down
    @Reference(optional = true) StatusService status;

    @Override
    protected Object run() {
        if (status == null) {
            throw new KilnException(KilnException.Kind.UNAVAILABLE, "the Kiln status service (kiln-web) is not running; bundle:diag kiln-web says why", null);
        }
        ApplianceStatus s = status.status();
        System.out.println("Kiln " + s.version() + ", up " + uptime(s.uptime()) + " (since " + s.started() + "): "
                + word(s.overall()) + (s.ready() ? "" : ", NOT READY (store, inventory, HTTP boot or the HTTP server down)"));
        ShellTable t = new ShellTable();
        t.column("Subsystem");
        t.column("State");
        t.column("Since");
        t.column("Reason");
        for (SubsystemStatus x : s.subsystems()) {
            List<String> lines = reasonLines(x.reason(), REASON_WIDTH);
            t.addRow().addContent(x.name(), word(x.state()), x.since(), lines.get(0));
            for (String more : lines.subList(1, lines.size())) t.addRow().addContent("", "", "", more);
        }
        t.print(System.out);
        return null;
    }

    /**
     * Each of a reason's parts ("; "-separated: one problem each) on lines of its own, wrapped at spaces; ShellTable's
     * own wrap cuts inside words and drops a character there, which garbles a file name or a value.
     */
    static List<String> reasonLines(String reason, int width) {
        if (reason == null || reason.isEmpty()) return List.of("-");
        List<String> out = new ArrayList<>();
        for (String part : reason.split("; ")) {
            StringBuilder line = new StringBuilder();
            for (String w : part.split(" ")) {
                if (line.length() > 0 && line.length() + 1 + w.length() > width) {
                    out.add(line.toString());
                    line.setLength(0);
                }
                if (line.length() > 0) line.append(' ');
                line.append(w);
            }
            out.add(line.toString());
        }
        return out;
    }

    private static String word(SubsystemStatus.State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    static String uptime(Duration d) {
        long m = d.toMinutes();
        return m < 60 ? m + " min" : m / 60 + " h " + m % 60 + " min";
    }
}
