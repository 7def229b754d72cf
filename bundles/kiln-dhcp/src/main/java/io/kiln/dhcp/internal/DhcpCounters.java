package io.kiln.dhcp.internal;

import java.util.concurrent.atomic.LongAdder;

/** Counters the sockets' event loops bump without locking and operators read in kiln:dhcp-status. */
final class DhcpCounters {
    final LongAdder received = new LongAdder();
    final LongAdder replied = new LongAdder();
    final LongAdder ignored = new LongAdder();
    final LongAdder malformed = new LongAdder();
    /** The same by message type and reason, for /metrics. */
    final DhcpMetrics byType = new DhcpMetrics();
}
