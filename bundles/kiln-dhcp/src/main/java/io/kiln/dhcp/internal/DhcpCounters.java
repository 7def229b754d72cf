package io.kiln.dhcp.internal;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters the sockets' event loops bump without locking and operators read in kiln:dhcp-status. */
final class DhcpCounters {
    final LongAdder received = new LongAdder();
    final LongAdder replied = new LongAdder();
    final LongAdder ignored = new LongAdder();
    final LongAdder malformed = new LongAdder();
    /** Clients that asked for an address and got none, by why (also counted in ignored). */
    final Map<Refusal, LongAdder> refused = new EnumMap<>(Refusal.class);

    DhcpCounters() {
        for (Refusal r : Refusal.values()) refused.put(r, new LongAdder());
    }

    /** Every reason with its count (zeros too, so operators see what is counted), in declaration order. */
    Map<String, Long> refusals() {
        Map<String, Long> out = new LinkedHashMap<>();
        refused.forEach((r, n) -> out.put(r.label, n.sum()));
        return out;
    }
}
