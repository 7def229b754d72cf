package io.kiln.events.internal;

import io.kiln.api.KilnException;
import io.kiln.api.events.HostEvent;
import io.kiln.api.store.EventLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** An event log in memory that can be down (UNAVAILABLE) or hang in append until released: the store's failures, on demand. */
final class MemoryLog implements EventLog {
    private final List<HostEvent> events = new ArrayList<>();
    private long next = 1;
    volatile boolean down;
    /** While set, append waits for it (a database that hangs). */
    volatile CountDownLatch gate;
    final AtomicInteger appends = new AtomicInteger(), failedAppends = new AtomicInteger();
    /** Batch sizes as appended. */
    final List<Integer> batches = new ArrayList<>();

    @Override
    public List<HostEvent> append(List<HostEvent> batch) {
        appends.incrementAndGet();
        CountDownLatch g = gate;
        if (g != null) {
            try {
                g.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (down) {
            failedAppends.incrementAndGet();
            throw new KilnException(KilnException.Kind.UNAVAILABLE, "cannot store " + batch.size() + " event(s): the database is down (test)");
        }
        synchronized (this) {
            List<HostEvent> out = new ArrayList<>();
            for (HostEvent e : batch) out.add(new HostEvent(next++, e.host(), e.at(), e.source(), e.type(), e.detail()));
            events.addAll(out);
            batches.add(batch.size());
            return out;
        }
    }

    synchronized List<HostEvent> all() {
        return List.copyOf(events);
    }

    @Override
    public synchronized List<HostEvent> read(String host, long afterId, int limit) {
        return events.stream().filter(e -> (host == null || e.host().equals(host)) && e.id() > afterId).limit(limit).toList();
    }

    @Override
    public synchronized List<HostEvent> newest(String host, int limit) {
        List<HostEvent> mine = events.stream().filter(e -> host == null || e.host().equals(host)).toList();
        return mine.subList(Math.max(0, mine.size() - limit), mine.size());
    }

    @Override
    public synchronized long prune(Instant olderThan, int keepPerHost) {
        throw new UnsupportedOperationException("retention is tested on the real store");
    }
}
