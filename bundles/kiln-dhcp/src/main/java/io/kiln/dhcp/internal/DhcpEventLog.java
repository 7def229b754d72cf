package io.kiln.dhcp.internal;

import io.kiln.api.dhcp.DhcpEvent;
import java.util.ArrayList;
import java.util.List;

/** The last N handled requests in a ring buffer: cheap to append on the event loop, copied out for readers. */
final class DhcpEventLog {
    private final DhcpEvent[] ring;
    private int next;
    private long total;

    DhcpEventLog(int capacity) {
        ring = new DhcpEvent[capacity];
    }

    synchronized void add(DhcpEvent e) {
        ring[next] = e;
        next = (next + 1) % ring.length;
        total++;
    }

    /** Newest first, optionally for one MAC. */
    synchronized List<DhcpEvent> recent(String mac, int limit) {
        List<DhcpEvent> out = new ArrayList<>();
        int n = (int) Math.min(total, ring.length);
        for (int i = 1; i <= n && out.size() < limit; i++) {
            DhcpEvent e = ring[(next - i + ring.length) % ring.length];
            if (mac == null || mac.equals(e.mac())) out.add(e);
        }
        return out;
    }
}
