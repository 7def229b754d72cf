package io.kiln.dhcp.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable leases without one fsync per reply: an ACK waits here until the journal line it depends on is on disk.
 * One thread fsyncs whatever has been written when it starts; the ACKs that queued meanwhile all wait for that one
 * fsync (group commit), so the number of fsyncs per second stays bounded by the disk's latency while throughput
 * grows with the batch. A failed fsync drops the waiting ACKs (the clients ask again) rather than promising a lease
 * that a power cut could take back.
 */
final class GroupCommit implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    /** What is made durable. */
    interface Journal {
        /** The sequence number of the last line written so far. */
        long written();

        /** Forces what has been written to disk; returns the sequence number of the last line now durable. */
        long sync() throws IOException;
    }

    private record Waiter(long seq, Executor where, Runnable send) {
    }

    private final Journal journal;
    /**
     * The least time between the starts of two fsyncs. On a fast disk an fsync takes ~0.1 ms, so without it the
     * thread syncs after nearly every ACK, and each fsync's journal commit costs the kernel CPU the DHCP server needs;
     * a millisecond's wait makes the batches bigger and the fsyncs fewer, for a millisecond more per ACK.
     */
    private final long minIntervalNanos;
    private long lastSyncStart;
    private final Thread thread;
    private List<Waiter> waiting = new ArrayList<>();
    private boolean closed;
    private volatile String failure;
    private long lastFailureLog;
    final LongAdder syncs = new LongAdder();
    final LongAdder released = new LongAdder();
    final LongAdder dropped = new LongAdder();

    GroupCommit(Journal journal) {
        this(journal, 0);
    }

    GroupCommit(Journal journal, long minIntervalNanos) {
        this.journal = journal;
        this.minIntervalNanos = minIntervalNanos;
        this.thread = new Thread(this::run, "kiln-dhcp-lease-sync");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code send} once every journal line written so far is on disk (on the sync thread). */
    void afterDurable(Runnable send) {
        afterDurable(Runnable::run, send);
    }

    /**
     * Runs {@code send} on {@code where} once every journal line written so far is on disk. The sends a sync releases
     * go to each executor as one task (one wake-up of a Netty event loop per batch, not one per reply).
     */
    void afterDurable(Executor where, Runnable send) {
        long seq = journal.written();
        synchronized (this) {
            if (closed) return;
            waiting.add(new Waiter(seq, where, send));
            notifyAll();
        }
    }

    /** Why the last fsync failed, or null while they succeed. */
    String failure() {
        return failure;
    }

    private void run() {
        while (true) {
            synchronized (this) {
                while (waiting.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) return;
            }
            if (minIntervalNanos > 0) {
                long wait = lastSyncStart + minIntervalNanos - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                lastSyncStart = System.nanoTime();
            }
            long synced;
            try {
                synced = journal.sync();
                syncs.increment();
                failure = null;
            } catch (IOException | RuntimeException e) {
                fail(e);
                continue;
            }
            List<Waiter> ready = new ArrayList<>();
            synchronized (this) {
                List<Waiter> rest = new ArrayList<>();
                for (Waiter w : waiting) (w.seq() <= synced ? ready : rest).add(w);
                waiting = rest;
            }
            Map<Executor, List<Runnable>> byExecutor = new LinkedHashMap<>();
            for (Waiter w : ready) byExecutor.computeIfAbsent(w.where(), k -> new ArrayList<>()).add(w.send());
            byExecutor.forEach((where, sends) -> {
                try {
                    where.execute(() -> sends.forEach(this::release));
                } catch (RuntimeException e) { // an event loop shutting down: its replies are not sent
                    dropped.add(sends.size());
                }
            });
        }
    }

    private void release(Runnable send) {
        try {
            send.run();
            released.increment();
        } catch (RuntimeException e) {
            LOG.warn("sending a reply after the lease journal sync failed: {}", e.toString());
        }
    }

    private void fail(Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        failure = "lease journal cannot be synced to disk: " + why;
        int n;
        synchronized (this) {
            n = waiting.size();
            waiting = new ArrayList<>();
        }
        dropped.add(n);
        long now = System.nanoTime();
        if (lastFailureLog == 0 || now - lastFailureLog > 60_000_000_000L) {
            lastFailureLog = now;
            LOG.error("{}; {} acknowledgement(s) not sent (the clients will ask again)", failure, n);
        }
        try {
            Thread.sleep(200); // a failing disk is not retried in a busy loop
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            waiting.clear();
            notifyAll();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
