package io.kiln.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.events.EventSource;
import io.kiln.api.events.HostEvent;
import io.kiln.api.events.HostEvents;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Inventory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** kiln:host-events prints what the timeline service holds, filters by source, says when a host is unknown, and follows. */
class HostEventsCommandTest {
    static final Instant T = Instant.parse("2026-12-07T12:00:00.250Z");

    /** edge-1's events; more can be added while a command follows. */
    static final class Timeline implements HostEvents {
        final List<HostEvent> all = new CopyOnWriteArrayList<>(List.of(
                new HostEvent(7, "edge-1", T, EventSource.DHCP, "dhcp-discover", "arch 7 on eth0:67"),
                new HostEvent(8, "edge-1", T.plusMillis(3), EventSource.DHCP, "dhcp-offer", "10.0.0.5, file snponly.efi"),
                new HostEvent(9, "edge-1", T.plusSeconds(2), EventSource.TFTP, "tftp-sent", "snponly.efi, 1 MB"),
                new HostEvent(12, "edge-1", T.plusSeconds(3), EventSource.HTTP, "ipxe-script", "profile microos")));

        public void record(String host, EventSource source, String type, String detail) {
            throw new UnsupportedOperationException();
        }

        public List<HostEvent> events(String host, long afterId, int limit) {
            List<HostEvent> mine = all.stream().filter(e -> e.host().equals(host) && e.id() > afterId).toList();
            return afterId == 0 ? mine.subList(Math.max(0, mine.size() - limit), mine.size()) : mine.subList(0, Math.min(limit, mine.size()));
        }

        public List<HostEvent> recent(long afterId, int limit) {
            throw new UnsupportedOperationException();
        }
    }

    static Inventory knows(String... hosts) {
        return (Inventory) Proxy.newProxyInstance(Inventory.class.getClassLoader(), new Class<?>[] {Inventory.class}, (x, m, a) -> {
            if (!m.getName().equals("host")) throw new UnsupportedOperationException(m.getName());
            return List.of(hosts).contains(a[0]) ? Optional.of(Host.builder((String) a[0]).macs(List.of("52:54:00:00:00:01")).build()) : Optional.empty();
        });
    }

    static HostEventsCommand command(HostEvents events, String host) {
        HostEventsCommand c = new HostEventsCommand();
        c.events = events;
        c.inventory = knows("edge-1", "quiet-1");
        c.host = host;
        return c;
    }

    static String printed(HostEventsCommand c) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            c.run();
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsTheNewestOldestFirstAndFiltersBySource() {
        HostEventsCommand c = command(new Timeline(), "edge-1");
        c.limit = 3;
        assertEquals("""
                Id       Time                     Source     Type                     Detail
                8        2026-12-07T12:00:00.253Z dhcp       dhcp-offer               10.0.0.5, file snponly.efi
                9        2026-12-07T12:00:02.250Z tftp       tftp-sent                snponly.efi, 1 MB
                12       2026-12-07T12:00:03.250Z http       ipxe-script              profile microos
                """, printed(c));
        c.source = "DHCP";
        String dhcp = printed(c);
        assertTrue(dhcp.contains("dhcp-discover") && dhcp.contains("dhcp-offer") && !dhcp.contains("tftp") && !dhcp.contains("ipxe"), dhcp);
    }

    @Test
    void refusalsAreOneLineNamingWhatIsWrong() {
        assertEquals("no host named 'nobody' (and no events recorded for one)",
                assertThrows(KilnException.class, () -> printed(command(new Timeline(), "nobody"))).getMessage());
        assertTrue(printed(command(new Timeline(), "quiet-1")).endsWith("(no events yet)\n"), "a known host without events");
        HostEventsCommand bad = command(new Timeline(), "edge-1");
        bad.source = "dns";
        assertEquals("source 'dns' is not one of workflow, dhcp, tftp, http, onboarding, agent, bmc, operator",
                assertThrows(KilnException.class, () -> printed(bad)).getMessage());
        HostEventsCommand many = command(new Timeline(), "edge-1");
        many.limit = 0;
        assertEquals("--limit must be 1-1000, was 0", assertThrows(KilnException.class, () -> printed(many)).getMessage());
        assertEquals(KilnException.Kind.UNAVAILABLE, assertThrows(KilnException.class, () -> printed(command(null, "edge-1"))).kind());
    }

    @Test
    void followPrintsNewEventsUntilInterrupted() throws Exception {
        Timeline t = new Timeline();
        HostEventsCommand c = command(t, "edge-1");
        c.follow = true;
        c.followMillis = 20;
        c.source = "dhcp";
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        Thread th = new Thread(c::run);
        try {
            th.start();
            Thread.sleep(100);
            t.all.add(new HostEvent(13, "edge-1", T.plusSeconds(9), EventSource.DHCP, "dhcp-request", "later"));
            t.all.add(new HostEvent(14, "edge-1", T.plusSeconds(9), EventSource.BMC, "bmc-power", "not dhcp"));
            t.all.add(new HostEvent(15, "edge-1", T.plusSeconds(9), EventSource.DHCP, "dhcp-ack", "later still"));
            long end = System.nanoTime() + 5_000_000_000L;
            while (!out.toString(StandardCharsets.UTF_8).contains("dhcp-ack") && System.nanoTime() < end) Thread.sleep(10);
            Thread.sleep(100);
        } finally {
            th.interrupt();
            th.join(5000);
            System.setOut(old);
        }
        assertTrue(!th.isAlive(), "Ctrl-C (an interrupt) ends --follow");
        List<String> types = out.toString(StandardCharsets.UTF_8).lines().skip(1).map(l -> l.split("\\s+")[3]).toList();
        assertEquals(List.of("dhcp-discover", "dhcp-offer", "dhcp-request", "dhcp-ack"), types, "each new one once, in order, dhcp only");
    }
}
