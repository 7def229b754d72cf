package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.events.HostEvent;
import io.kiln.api.fleet.AttentionHost;
import io.kiln.api.fleet.FleetService;
import io.kiln.api.fleet.FleetSummary;
import io.kiln.api.fleet.ServiceActivity;
import io.kiln.api.fleet.SiteStates;
import io.kiln.api.inventory.OnboardingState;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** kiln:fleet: the dashboard's summary (as GET /api/v1/fleet): hosts per site and state, trouble, failures, activity. */
@Service
@Command(scope = "kiln", name = "fleet", description = "The fleet at a glance: hosts per site and state, hosts in trouble, recent failures, DHCP/TFTP/HTTP activity")
public class FleetCommand extends KilnAction {

    @Reference(optional = true) FleetService fleet;

    @Option(name = "--failures", aliases = "-n", description = "recent failures to list (default 20, at most 100)")
    int failures = 20;

    @Override
    protected Object run() {
        if (fleet == null) throw new KilnException(KilnException.Kind.UNAVAILABLE, "the fleet summary (kiln-web) is not running: it needs the inventory", null);
        FleetSummary f = fleet.summary(failures, 100);
        System.out.println(f.hosts() + " hosts, " + f.attentionTotal() + " in error or quarantined (" + f.at() + ")");
        ShellTable sites = new ShellTable();
        sites.column("Site");
        for (OnboardingState s : OnboardingState.values()) sites.column(s.name().toLowerCase(Locale.ROOT)).alignRight();
        sites.column("Total").alignRight();
        for (SiteStates s : f.sites()) {
            var row = sites.addRow();
            row.addContent(s.site() == null ? "(no site)" : s.site());
            for (OnboardingState st : OnboardingState.values()) row.addContent(s.states().get(st));
            row.addContent(s.total());
        }
        sites.print(System.out);
        if (!f.attention().isEmpty()) {
            System.out.println();
            ShellTable a = new ShellTable();
            a.column("Host");
            a.column("Site");
            a.column("State");
            a.column("Since");
            a.column("Reason").maxSize(90);
            for (AttentionHost h : f.attention()) {
                a.addRow().addContent(h.name(), dash(h.site()), h.state().name().toLowerCase(Locale.ROOT), h.since() == null ? "-" : h.since(), dash(h.reason()));
            }
            a.print(System.out);
        }
        System.out.println();
        ShellTable act = new ShellTable();
        act.column("Service");
        act.column("Requests").alignRight();
        act.column("Per minute").alignRight();
        for (ServiceActivity s : f.activity()) {
            act.addRow().addContent(s.service(), s.requests(), s.perMinute() == null ? "-" : String.format(Locale.ROOT, "%.1f", s.perMinute()));
        }
        act.print(System.out);
        if (!f.recentFailures().isEmpty()) {
            System.out.println();
            ShellTable e = new ShellTable();
            e.column("Id");
            e.column("Time");
            e.column("Host");
            e.column("Type");
            e.column("Detail").maxSize(90);
            for (HostEvent x : f.recentFailures()) e.addRow().addContent(x.id(), x.at(), x.host(), x.type(), x.detail());
            e.print(System.out);
        }
        return null;
    }

    static String dash(String s) {
        return s == null ? "-" : s;
    }
}
