package io.kiln.tftp.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe TFTP counters, cheap to bump from every event loop. */
public final class TftpStats {

    /**
     * A point-in-time copy of the counters.
     *
     * @param requests           RRQs and WRQs received
     * @param transfersCompleted transfers whose last block was acknowledged
     * @param bytesSent          DATA payload bytes sent, retransmissions included
     * @param errors             ERROR packets sent plus transfers abandoned after all retries
     * @param malformedDropped   datagrams that were not valid TFTP
     * @param activeTransfers    transfers in progress now
     */
    public record Snapshot(long requests, long transfersCompleted, long bytesSent, long errors, long malformedDropped,
                           int activeTransfers) {
    }

    private final LongAdder requests = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final AtomicInteger active = new AtomicInteger();

    void request() {
        requests.increment();
    }

    void completed() {
        completed.increment();
    }

    void bytesSent(long n) {
        bytesSent.add(n);
    }

    void error() {
        errors.increment();
    }

    void malformed() {
        malformed.increment();
    }

    void transferStarted() {
        active.incrementAndGet();
    }

    void transferEnded() {
        active.decrementAndGet();
    }

    /** The current values; each counter is read atomically, the set as a whole is not. */
    public Snapshot snapshot() {
        return new Snapshot(requests.sum(), completed.sum(), bytesSent.sum(), errors.sum(), malformed.sum(), active.get());
    }
}
