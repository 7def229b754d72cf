package io.kiln.events.internal;

import io.kiln.api.KilnException;
import io.kiln.api.events.HostEvent;
import io.kiln.api.store.EventLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue between recorders and the database, and the one thread that empties it: {@link #offer} never waits (a
 * full queue drops the event and counts it), the writer takes what is queued, up to a batch, and appends it in one
 * transaction. While the database refuses (UNAVAILABLE: down, full disk) it keeps the batch and tries again, 1 s
 * doubling to 30 s, and the queue fills meanwhile, up to its bound.
 */
final class EventWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventWriter.class);
    static final Duration LONGEST_RETRY = Duration.ofSeconds(30);
    /** How long {@link #close} waits for the writer to store what is queued. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /** Why events could not be stored, since when, and how many tries have failed since. */
    record Failure(String reason, Instant since, int tries) {
    }

    private final EventLog log;
    private final Consumer<List<HostEvent>> stored;
    private final IntSupplier capacity, batchSize;
    private final Duration firstRetry;
    private final Clock clock;
    private final LinkedBlockingQueue<HostEvent> queue = new LinkedBlockingQueue<>();
    private final AtomicLong written = new AtomicLong(), dropped = new AtomicLong(), lost = new AtomicLong();
    private final Thread thread;
    private volatile Instant lastDrop;
    private volatile Failure failure;
    private volatile String lostReason;
    private volatile boolean closing;
    /** The batch taken from the queue and not stored yet; written by the writer thread only. */
    private volatile List<HostEvent> held;

    /**
     * @param stored    called on the writer thread with every batch once stored (with ids): must not block
     * @param capacity  the queue's bound now (it may change with the configuration)
     * @param batchSize the most events one transaction stores, now
     */
    EventWriter(EventLog log, Consumer<List<HostEvent>> stored, IntSupplier capacity, IntSupplier batchSize, Duration firstRetry, Clock clock) {
        this.log = log;
        this.stored = stored;
        this.capacity = capacity;
        this.batchSize = batchSize;
        this.firstRetry = firstRetry;
        this.clock = clock;
        this.thread = new Thread(this::run, "kiln-events-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues an event; false (and counted) when the queue is full or closing. Never waits. */
    boolean offer(HostEvent e) {
        // size() of a LinkedBlockingQueue is one atomic read; concurrent recorders may pass the bound by their number
        if (closing || queue.size() >= capacity.getAsInt()) {
            dropped.incrementAndGet();
            lastDrop = clock.instant();
            return false;
        }
        return queue.offer(e);
    }

    private void run() {
        int failures = 0;
        while (true) {
            try {
                if (held == null) {
                    HostEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        if (closing) return;
                        continue;
                    }
                    List<HostEvent> batch = new ArrayList<>();
                    batch.add(first);
                    queue.drainTo(batch, Math.max(0, batchSize.getAsInt() - 1));
                    held = batch;
                }
                if (store()) {
                    failures = 0;
                } else {
                    if (closing) return; // what is left is counted by close()
                    failures++;
                    Thread.sleep(backoff(firstRetry, failures).toMillis());
                }
            } catch (InterruptedException e) {
                if (closing) return;
            } catch (RuntimeException | Error e) {
                // a fault of ours or of a listener: the batch is lost, the writer is not
                LOG.error("Kiln events: the writer failed on a batch of {} event(s), which are lost", held == null ? 0 : held.size(), e);
                lose(e.toString());
            }
        }
    }

    /** One attempt at the held batch: true when it is gone (stored, or refused for good). */
    private boolean store() {
        List<HostEvent> batch = held;
        List<HostEvent> ids;
        try {
            ids = log.append(batch);
        } catch (KilnException e) {
            if (e.kind() != KilnException.Kind.UNAVAILABLE) {
                // the store refuses the batch itself: trying again would refuse it again
                LOG.error("Kiln events: the store refused a batch of {} event(s), which are lost: {}", batch.size(), e.getMessage());
                lose(e.getMessage());
                return true;
            }
            Failure f = failure;
            if (f == null) LOG.warn("Kiln events: cannot store events: {} (they wait in memory, up to {}; retrying)", e.getMessage(), capacity.getAsInt());
            failure = new Failure(e.getMessage(), f == null ? clock.instant() : f.since(), f == null ? 1 : f.tries() + 1);
            return false;
        }
        held = null;
        written.addAndGet(ids.size());
        Failure f = failure;
        if (f != null) {
            failure = null;
            LOG.info("Kiln events: stored again after {} failed tr{} since {}", f.tries(), f.tries() == 1 ? "y" : "ies", f.since());
        }
        try {
            stored.accept(ids);
        } catch (RuntimeException e) {
            LOG.error("Kiln events: handing {} stored event(s) to the webhooks failed", ids.size(), e);
        }
        return true;
    }

    private void lose(String reason) {
        if (held != null) lost.addAndGet(held.size());
        held = null;
        lostReason = reason;
    }

    /** The wait after the {@code failures}-th failure in a row: {@code first}, doubled each time, at most 30 s. */
    static Duration backoff(Duration first, int failures) {
        long ms = first.toMillis() << Math.min(Math.max(failures - 1, 0), 20);
        return Duration.ofMillis(Math.min(ms, LONGEST_RETRY.toMillis()));
    }

    /** Stops taking events; waits a little for the writer to store what is queued (what it cannot is counted lost). */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) thread.interrupt();
        int left = queue.size() + (held == null || thread.isAlive() ? 0 : held.size());
        if (left > 0) LOG.warn("Kiln events: {} event(s) not stored at shutdown: {}", left, failure == null ? "no time left" : failure.reason());
        queue.clear();
    }

    int queued() {
        return queue.size() + (held == null ? 0 : held.size());
    }

    long written() {
        return written.get();
    }

    long dropped() {
        return dropped.get();
    }

    Instant lastDrop() {
        return lastDrop;
    }

    /** Events the store refused for good (a bug, not an outage), and the last reason. */
    long lost() {
        return lost.get();
    }

    String lostReason() {
        return lostReason;
    }

    /** Why events cannot be stored now, or null when they can. */
    Failure failure() {
        return failure;
    }
}
