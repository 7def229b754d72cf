package io.kiln.shell;

import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostPage;
import io.kiln.api.inventory.HostQuery;
import io.kiln.api.inventory.HostSort;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.OnboardingState;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** kiln:host-list: the registered hosts, filtered and sorted as {@code GET /api/v1/hosts} does (Inventory.findHosts). */
@Service
@Command(scope = "kiln", name = "host-list", description = "List registered hosts")
public class HostListCommand extends KilnAction {

    @Reference Inventory inventory;

    @Option(name = "--site", description = "only hosts at this site (repeatable: either)", multiValued = true)
    List<String> sites;

    @Option(name = "--role", description = "only hosts of this role (repeatable: either)", multiValued = true)
    List<String> roles;

    @Option(name = "--state", description = "only hosts in this current state (repeatable: either)", multiValued = true)
    List<String> states;

    @Option(name = "--label", description = "KEY=VALUE or KEY (repeatable: all must hold)", multiValued = true)
    List<String> labels;

    @Option(name = "--query", aliases = "-q", description = "a substring of the name, a MAC, the serial or the IPv4")
    String text;

    @Option(name = "--sort", description = "name, state, site, role or updated; '-' first for descending")
    String sort;

    @Option(name = "--limit", aliases = "-n", description = "at most this many (default: all)")
    int limit = Integer.MAX_VALUE;

    @Override
    protected Object run() {
        boolean desc = sort != null && sort.startsWith("-");
        HostSort by = sort == null ? null : Enums.parse(HostSort.class, desc ? sort.substring(1) : sort, "sort");
        List<OnboardingState> st = states == null ? null : states.stream().map(s -> Enums.parse(OnboardingState.class, s, "state")).toList();
        HostPage page = inventory.findHosts(new HostQuery(sites, roles, null, null, null, st, labels, text, by, desc, 0, limit));
        ShellTable t = new ShellTable();
        t.column("Name");
        t.column("MACs");
        t.column("Profile");
        t.column("Site");
        t.column("Role");
        t.column("IPv4");
        t.column("UUID");
        t.column("Serial");
        t.column("State");
        for (Host h : page.items()) {
            t.addRow().addContent(h.name(), String.join(",", h.macs()), dash(h.profile()), dash(h.site()), dash(h.role()), dash(h.ipv4()),
                    dash(h.uuid()), dash(h.serial()), h.currentState().name().toLowerCase(Locale.ROOT));
        }
        t.print(System.out);
        if (page.total() > page.items().size()) System.out.println(page.items().size() + " of " + page.total() + " hosts");
        return null;
    }

    static String dash(String s) {
        return s == null ? "-" : s;
    }
}
