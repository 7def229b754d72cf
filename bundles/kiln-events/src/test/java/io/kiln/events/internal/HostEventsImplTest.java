package io.kiln.events.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.events.EventSource;
import io.kiln.api.events.HostEvent;
import io.kiln.api.status.SubsystemStatus.State;
import io.kiln.store.internal.JdbcDocumentStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timeline's queue, writer and retention, on the real store (embedded H2) and on a store that fails on demand. */
class HostEventsImplTest {
    /** Retention never runs by itself in tests that do not ask for it. */
    static final HostEventsImpl.Timing FAST = new HostEventsImpl.Timing(Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofHours(1));

    @TempDir Path data;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    HostEventsImpl events(io.kiln.api.store.EventLog log, Map<String, ?> config, HostEventsImpl.Timing timing) {
        HostEventsImpl e = new HostEventsImpl(log, config, Clock.systemUTC(), timing);
        open.add(e::close);
        return e;
    }

    JdbcDocumentStore h2() {
        JdbcDocumentStore s = JdbcDocumentStore.open("jdbc:h2:file:" + data.resolve("kiln-db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
        open.add(s);
        return s;
    }

    static void await(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting: " + what);
            Thread.sleep(10);
        }
    }

    static List<String> types(List<HostEvent> events) {
        return events.stream().map(HostEvent::type).toList();
    }

    @Test
    void listenersHearOfStoredEventsWithTheirIdsAndOneThatThrowsStopsNoOther() throws Exception {
        HostEventsImpl events = events(h2(), Map.of(), FAST);
        List<HostEvent> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        events.addListener(batch -> {
            throw new IllegalStateException("a broken listener");
        });
        events.addListener(heard::addAll);
        events.record("edge-1", EventSource.DHCP, "dhcp-discover", "");
        events.record("edge-2", EventSource.WORKFLOW, "step-failed", "boom");
        await("2 events heard", () -> heard.size() == 2);
        assertEquals(List.of("dhcp-discover", "step-failed"), types(heard));
        assertEquals(events.recent(0, 10).stream().map(HostEvent::id).toList(), heard.stream().map(HostEvent::id).toList(), "the stored ids");
        io.kiln.api.events.HostEventListener gone = heard::addAll;
        events.addListener(gone);
        events.removeListener(gone);
        events.record("edge-1", EventSource.DHCP, "dhcp-offer", "");
        await("3 events heard", () -> heard.size() == 3);
    }

    @Test
    void recordedEventsAreStoredAndReadBackPerHostOldestFirst() throws Exception {
        JdbcDocumentStore store = h2();
        HostEventsImpl events = events(store, Map.of(), FAST);
        events.record("edge-1", EventSource.DHCP, "dhcp-discover", "arch 7 on eth0:67");
        events.record("edge-2", EventSource.TFTP, "tftp-sent", "undionly.kpxe");
        events.record("edge-1", EventSource.DHCP, "dhcp-offer", "10.0.0.5\u0000 with a\nnewline");
        await("3 events stored", () -> events.writer().written() == 3);

        List<HostEvent> edge1 = events.events("edge-1", 0, 10);
        assertEquals(List.of("dhcp-discover", "dhcp-offer"), types(edge1));
        assertEquals("10.0.0.5  with a newline", edge1.get(1).detail(), "control characters become spaces: one line for an operator");
        assertEquals(EventSource.DHCP, edge1.get(0).source());
        assertEquals(List.of("dhcp-offer"), types(events.events("edge-1", edge1.get(0).id(), 10)), "a follower asks for what came after");
        assertEquals(List.of("dhcp-discover", "tftp-sent", "dhcp-offer"), types(events.recent(0, 10)));
        assertEquals(List.of("tftp-sent", "dhcp-offer"), types(events.recent(0, 2)), "the newest when there are more");
        assertEquals(State.UP, events.health().state(), events.health().reason());
    }

    @Test
    void readsRefuseBadArgumentsByName() {
        HostEventsImpl events = events(new MemoryLog(), Map.of(), FAST);
        assertEquals("limit must be 1-1000, was 1001", assertThrows(KilnException.class, () -> events.events("edge-1", 0, 1001)).getMessage());
        assertEquals(KilnException.Kind.INVALID, assertThrows(KilnException.class, () -> events.recent(0, 0)).kind());
        assertEquals("after must be an event id (0 or more), was -1", assertThrows(KilnException.class, () -> events.recent(-1, 5)).getMessage());
        assertEquals("a host name is required", assertThrows(KilnException.class, () -> events.events(" ", 0, 5)).getMessage());
    }

    @Test
    void recordNeverBlocksAndAFullQueueDropsAndCountsWhatItCannotHold() throws Exception {
        MemoryLog log = new MemoryLog();
        log.gate = new CountDownLatch(1); // the database hangs
        HostEventsImpl events = events(log, Map.of("queueSize", "100", "batchSize", "10"), FAST);
        events.record("edge-1", EventSource.DHCP, "first", "");
        await("the writer is stuck in the store", () -> log.appends.get() == 1);

        long start = System.nanoTime();
        for (int i = 0; i < 150; i++) events.record("edge-1", EventSource.DHCP, "e-" + i, "");
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs < 1000, "150 records took " + tookMs + " ms while the store hangs");
        assertEquals(50, events.writer().dropped(), "the queue holds 100; the batch in the hung store is not in it");
        assertEquals(101, events.writer().queued());
        String why = events.health().reason();
        assertEquals(State.DEGRADED, events.health().state(), why);
        assertTrue(why.startsWith("50 event(s) dropped since Kiln started, the last at ") && why.contains("the queue of 100 was full"), why);

        log.gate.countDown();
        await("everything that was queued is stored", () -> events.writer().written() == 101);
        List<String> stored = types(log.all());
        assertEquals("first", stored.get(0));
        assertEquals("e-0", stored.get(1));
        assertEquals("e-99", stored.get(100), "the first 100 were kept, in order; the last 50 dropped");
        assertTrue(log.batches.stream().allMatch(n -> n <= 10), "batches of at most batchSize: " + log.batches);
    }

    @Test
    void whileTheStoreIsDownEventsWaitAndAreStoredInOrderOnceItIsBack() throws Exception {
        MemoryLog log = new MemoryLog();
        log.down = true;
        HostEventsImpl events = events(log, Map.of(), FAST);
        for (int i = 0; i < 5; i++) events.record("edge-1", EventSource.BMC, "step-" + i, "");
        await("a few failed tries", () -> log.failedAppends.get() >= 3);
        String why = events.health().reason();
        assertTrue(why.startsWith("cannot store events since ") && why.contains("the database is down (test) (5 waiting in memory, at most 10000)"), why);
        assertEquals(0, events.writer().dropped());

        log.down = false;
        await("stored once the store is back", () -> events.writer().written() == 5);
        assertEquals(List.of("step-0", "step-1", "step-2", "step-3", "step-4"), types(log.all()));
        assertEquals(State.UP, events.health().state(), events.health().reason());
    }

    @Test
    void aBadEventIsCountedAndShownNeverThrownAtTheRecorder() throws Exception {
        MemoryLog log = new MemoryLog();
        HostEventsImpl events = events(log, Map.of(), FAST);
        events.record(null, EventSource.DHCP, "dhcp-ack", "");
        events.record("edge-1", null, "dhcp-ack", "");
        events.record("edge-1", EventSource.DHCP, "Not A Type", "");
        events.record("x".repeat(256), EventSource.DHCP, "dhcp-ack", "");
        events.record("edge-1", EventSource.DHCP, "dhcp-ack", "d".repeat(5000));
        await("the good one stored", () -> events.writer().written() == 1);
        assertEquals(2000, log.all().get(0).detail().length(), "a long detail is cut, not refused");
        String why = events.health().reason();
        assertTrue(why.startsWith("4 event(s) not recorded since Kiln started (a fault of the part of Kiln that recorded them), the last at "), why);
        assertTrue(why.endsWith("host name must be 1-255 characters"), why);
    }

    @Test
    void retentionRunsOnItsScheduleAndKeepsWhatTheSettingsSay() throws Exception {
        JdbcDocumentStore store = h2();
        Instant now = Instant.now();
        List<HostEvent> seed = new ArrayList<>();
        seed.add(new HostEvent(0, "old", now.minus(Duration.ofDays(31)), EventSource.DHCP, "too-old", ""));
        seed.add(new HostEvent(0, "old", now.minus(Duration.ofDays(29)), EventSource.DHCP, "kept", ""));
        for (int i = 0; i < 4; i++) seed.add(new HostEvent(0, "busy", now.minusSeconds(10 - i), EventSource.DHCP, "b-" + i, ""));
        store.append(seed);

        HostEventsImpl events = events(store, Map.of("retentionDays", "30", "keepPerHost", "2"),
                new HostEventsImpl.Timing(Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofMillis(50)));
        await("retention ran by itself", () -> events.pruned() == 3);
        assertEquals(List.of("kept"), types(events.events("old", 0, 10)));
        assertEquals(List.of("b-2", "b-3"), types(events.events("busy", 0, 10)));

        // applied without restart: one more run after the change
        events.modified(Map.of("retentionDays", "30", "keepPerHost", "1"));
        events.pruneNow();
        assertEquals(List.of("b-3"), types(events.events("busy", 0, 10)));
    }

    @Test
    void aFailedDeletionIsShownAndTriedAgain() {
        MemoryLog log = new MemoryLog(); // cannot prune
        HostEventsImpl events = events(log, Map.of(), FAST);
        events.pruneNow();
        assertEquals("cannot delete old events: retention is tested on the real store", events.health().reason());
    }

    @Test
    void refusedSettingsRunOnTheirDefaultsAndSaySo() throws Exception {
        MemoryLog log = new MemoryLog();
        Map<String, Object> cfg = new HashMap<>();
        cfg.put("queueSize", "lots");
        cfg.put("retentionDays", "0");
        cfg.put("retension", "5");
        HostEventsImpl events = events(log, cfg, FAST);
        String why = events.health().reason();
        assertTrue(why.contains("etc/io.kiln.events.cfg: queueSize = 'lots' is not a number from 100 to 1000000"), why);
        assertTrue(why.contains("etc/io.kiln.events.cfg: retentionDays = '0' is not a number from 1 to 3650"), why);
        assertTrue(why.contains("etc/io.kiln.events.cfg: unknown key 'retension' ignored"), why);
        events.record("edge-1", EventSource.OPERATOR, "note", "still records");
        await("recorded on the defaults", () -> events.writer().written() == 1);

        events.modified(Map.of("queueSize", "500"));
        assertEquals(State.UP, events.health().state(), "fixed in place: " + events.health().reason());
    }
}
