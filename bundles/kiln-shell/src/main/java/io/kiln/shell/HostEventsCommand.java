package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.events.EventSource;
import io.kiln.api.events.HostEvent;
import io.kiln.api.events.HostEvents;
import io.kiln.api.inventory.Inventory;
import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:host-events: a host's timeline, oldest first; with --follow, new events as they come. */
@Service
@Command(scope = "kiln", name = "host-events", description = "Show a host's timeline (DHCP, TFTP, HTTP boot, BMC, onboarding, workflow), oldest first")
public class HostEventsCommand extends KilnAction {
    /** The most events one call reads (the service's limit); --source filters among the newest this many. */
    static final int WINDOW = 1000;

    // optional: the other kiln:* commands must stay available even when this service is down
    @Reference(optional = true) HostEvents events;
    @Reference Inventory inventory;

    @Argument(index = 0, name = "host", required = true, description = "host name")
    String host;

    @Option(name = "--limit", aliases = "-n", description = "how many events, the newest (default 50, at most 1000)")
    int limit = 50;

    @Option(name = "--source", description = "only what one part of Kiln saw: workflow, dhcp, tftp, http, onboarding, agent, bmc or operator"
            + " (among the newest 1000)")
    String source;

    @Option(name = "--follow", aliases = "-f", description = "then print new events as they come, until Ctrl-C")
    boolean follow;

    /** How long --follow waits between reads. */
    long followMillis = 1000;

    @Override
    protected Object run() {
        HostEvents e = events;
        if (e == null) throw new KilnException(KilnException.Kind.UNAVAILABLE, "the Kiln timeline (kiln-events) is not running; kiln:status says why", null);
        if (limit < 1 || limit > WINDOW) throw KilnException.invalid("--limit must be 1-" + WINDOW + ", was " + limit);
        EventSource only = Enums.parse(EventSource.class, source, "source");
        List<HostEvent> list = only == null ? e.events(host, 0, limit) : last(matching(e.events(host, 0, WINDOW), only), limit);
        if (list.isEmpty() && inventory.host(host).isEmpty()) throw KilnException.notFound("no host named '" + host + "' (and no events recorded for one)");
        PrintStream out = System.out;
        out.printf("%-8s %-24s %-10s %-24s %s%n", "Id", "Time", "Source", "Type", "Detail");
        long last = print(out, list, 0);
        if (list.isEmpty() && !follow) out.println("(no events yet)");
        while (follow) {
            try {
                Thread.sleep(followMillis);
            } catch (InterruptedException x) {
                return null; // Ctrl-C
            }
            List<HostEvent> more = e.events(host, last, WINDOW);
            last = print(out, only == null ? more : matching(more, only), last);
            if (!more.isEmpty()) last = Math.max(last, more.get(more.size() - 1).id());
        }
        return null;
    }

    /** Prints the events; returns the greatest id printed (or {@code last} when none). */
    private static long print(PrintStream out, List<HostEvent> list, long last) {
        for (HostEvent x : list) {
            out.printf("%-8d %-24s %-10s %-24s %s%n", x.id(), x.at().truncatedTo(ChronoUnit.MILLIS), Enums.word(x.source()), x.type(), x.detail());
            last = Math.max(last, x.id());
        }
        out.flush();
        return last;
    }

    private static List<HostEvent> matching(List<HostEvent> list, EventSource only) {
        return list.stream().filter(x -> x.source() == only).toList();
    }

    private static List<HostEvent> last(List<HostEvent> list, int n) {
        return list.subList(Math.max(0, list.size() - n), list.size());
    }
}
