package io.kiln.dhcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.dhcp.LeaseState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {
    @TempDir Path dir;

    /** A journal whose fsync blocks until the test lets it go, and can fail. */
    static final class SlowJournal implements GroupCommit.Journal {
        final AtomicLong written = new AtomicLong();
        final AtomicInteger syncs = new AtomicInteger();
        volatile CountDownLatch gate = new CountDownLatch(0);
        final AtomicBoolean failing = new AtomicBoolean();
        volatile long lastSyncedUpTo;

        @Override
        public long written() {
            return written.get();
        }

        @Override
        public long sync() throws IOException {
            long upTo = written.get();
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            if (failing.get()) throw new IOException("No space left on device");
            syncs.incrementAndGet();
            lastSyncedUpTo = upTo;
            return upTo;
        }
    }

    /** The sends counted as released, waiting up to 5 s for {@code expected}: each is counted after it returns. */
    static long released(GroupCommit commit, long expected) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (commit.released.sum() < expected && System.nanoTime() < end) Thread.sleep(10);
        return commit.released.sum();
    }

    /** The least interval between fsyncs makes one sync serve a burst, and a batch reaches each event loop as one task. */
    @Test
    void aMinimumSyncIntervalGroupsABurstAndEachExecutorGetsItsBatchAsOneTask() throws Exception {
        SlowJournal journal = new SlowJournal();
        AtomicInteger tasks = new AtomicInteger();
        java.util.concurrent.ExecutorService loop = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.Executor counting = r -> {
            tasks.incrementAndGet();
            loop.execute(r);
        };
        try (GroupCommit commit = new GroupCommit(journal, TimeUnit.MILLISECONDS.toNanos(300))) {
            CountDownLatch first = new CountDownLatch(1);
            journal.written.set(1);
            commit.afterDurable(counting, first::countDown);
            assertTrue(first.await(5, TimeUnit.SECONDS), "the first ACK after a quiet time is not held back");
            // a burst right after: it waits out the interval, then one fsync releases all of it, as one task
            CountDownLatch burst = new CountDownLatch(20);
            for (int i = 0; i < 20; i++) {
                journal.written.incrementAndGet();
                commit.afterDurable(counting, burst::countDown);
            }
            assertTrue(burst.await(5, TimeUnit.SECONDS));
            assertEquals(2, journal.syncs.get(), "one fsync for the first ACK, one for the burst");
            assertEquals(2, tasks.get(), "one task per released batch");
            assertEquals(21, released(commit, 21));
        } finally {
            loop.shutdownNow();
        }
    }

    @Test
    void anAckIsSentOnlyAfterTheSyncThatCoversItsLineAndOneSyncServesABatch() throws Exception {
        SlowJournal journal = new SlowJournal();
        journal.gate = new CountDownLatch(1); // the disk is slow: the first fsync hangs until released
        try (GroupCommit commit = new GroupCommit(journal)) {
            CountDownLatch first = new CountDownLatch(1);
            journal.written.set(1);
            commit.afterDurable(first::countDown);
            Thread.sleep(100);
            assertEquals(1, first.getCount(), "not sent while its line is not on disk");
            // 50 more ACKs arrive while that fsync is in progress: they all wait for the next one
            CountDownLatch batch = new CountDownLatch(50);
            AtomicInteger early = new AtomicInteger();
            for (int i = 0; i < 50; i++) {
                long line = journal.written.incrementAndGet();
                commit.afterDurable(() -> {
                    if (journal.lastSyncedUpTo < line) early.incrementAndGet();
                    batch.countDown();
                });
            }
            journal.gate.countDown();
            assertTrue(first.await(5, TimeUnit.SECONDS));
            assertTrue(batch.await(5, TimeUnit.SECONDS));
            assertEquals(0, early.get(), "every ACK sent after a sync that covered its line");
            assertTrue(journal.syncs.get() <= 3, "51 ACKs took " + journal.syncs.get() + " fsyncs");
            assertEquals(51, released(commit, 51));
        }
    }

    @Test
    void aFailingDiskHoldsAcksBackIsReportedAndHeals() throws Exception {
        SlowJournal journal = new SlowJournal();
        journal.failing.set(true);
        try (GroupCommit commit = new GroupCommit(journal)) {
            AtomicInteger sent = new AtomicInteger();
            journal.written.set(1);
            commit.afterDurable(sent::incrementAndGet);
            for (int i = 0; i < 50 && commit.failure() == null; i++) Thread.sleep(20);
            assertNotNull(commit.failure());
            assertTrue(commit.failure().contains("No space left on device"), commit.failure());
            Thread.sleep(300);
            assertEquals(0, sent.get(), "an ACK whose lease is not on disk is never sent");
            assertEquals(1, commit.dropped.sum());
            journal.failing.set(false);
            CountDownLatch after = new CountDownLatch(1);
            journal.written.set(2);
            commit.afterDurable(after::countDown);
            assertTrue(after.await(5, TimeUnit.SECONDS));
            assertNull(commit.failure(), "healed once a sync succeeds");
            assertEquals(0, sent.get());
        }
    }

    @Test
    void theLeaseStoreSyncsWhatItWroteAcrossABackgroundCompaction() throws Exception {
        LeaseStore store = new LeaseStore(dir.resolve("leases.csv"));
        PoolConfig pool = LeaseStoreTest.POOL;
        assertEquals(0, store.written());
        store.bind(pool, LeaseStoreTest.mac(1), pool.first() + 1, 0, Set.of(), 1_000, null);
        assertEquals(1, store.written());
        assertEquals(1, store.sync());
        for (int round = 0; round < 110; round++) { // past the compaction threshold
            for (int i = 0; i < 100; i++) store.bind(pool, LeaseStoreTest.mac(i), pool.first() + i, 0, Set.of(), 2_000 + round, null);
            assertEquals(store.written(), store.sync());
        }
        assertEquals(1 + 110 * 100, store.written());
        assertNull(store.writeFailure());
        store.close();
        LeaseStore reopened = new LeaseStore(dir.resolve("leases.csv"));
        assertEquals(100, reopened.size());
        assertFalse(reopened.all().stream().anyMatch(e -> e.state() != LeaseState.BOUND));
        reopened.close();
    }
}
