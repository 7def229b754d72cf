package io.kiln.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.events.EventSource;
import io.kiln.api.events.HostEvent;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every database behind {@link JdbcDocumentStore} must do for hosts' events ({@link io.kiln.api.store.EventLog}).
 * Mixed into {@link DocumentStoreContract}'s subclasses, so it runs on H2 and PostgreSQL as they do, each test on a
 * fresh, empty database.
 */
interface EventLogContract {

    /** Opens a store on this test's database (a second call opens the same database again, as after a restart). */
    JdbcDocumentStore open();

    Instant T0 = Instant.parse("2026-03-01T10:15:30.123456789Z");

    static HostEvent event(String host, Instant at, String type, String detail) {
        return new HostEvent(0, host, at, EventSource.DHCP, type, detail);
    }

    static List<Long> ids(List<HostEvent> events) {
        return events.stream().map(HostEvent::id).toList();
    }

    @Test
    default void appendedEventsGetIncreasingIdsAndReadBackAsStored() {
        JdbcDocumentStore log = open();
        List<HostEvent> stored = log.append(List.of(
                event("edge-1", T0, "dhcp-discover", "arch 7 on eth0:67"),
                new HostEvent(0, "edge-2", T0.plusSeconds(1), EventSource.TFTP, "tftp-sent", ""),
                event("edge-1", T0.plusSeconds(2), "dhcp-offer", "10.0.0.5, file snponly.efi: détail ünïcode")));
        assertEquals(3, stored.size());
        assertTrue(stored.get(0).id() > 0 && stored.get(0).id() < stored.get(1).id() && stored.get(1).id() < stored.get(2).id(), stored.toString());
        // what append returns is what read gives back, the time at the microsecond both databases keep
        assertEquals(T0.truncatedTo(ChronoUnit.MICROS), stored.get(0).at());
        assertEquals(List.of(stored.get(0), stored.get(2)), log.read("edge-1", 0, 10));
        assertEquals(List.of(stored.get(1)), log.read("edge-2", 0, 10));
        assertEquals(stored, log.read(null, 0, 10), "every host's, in the order stored");
        assertEquals(List.of(), log.read("edge-3", 0, 10));
    }

    @Test
    default void aFollowerPagesForwardAndNewestGivesTheLastOldestFirst() {
        JdbcDocumentStore log = open();
        List<HostEvent> in = new ArrayList<>();
        for (int i = 0; i < 6; i++) in.add(event(i % 3 == 2 ? "other" : "edge-1", T0.plusSeconds(i), "step-" + i, "#" + i));
        List<Long> ids = ids(log.append(in)); // edge-1: 0 1 3 4; other: 2 5
        assertEquals(List.of(ids.get(3), ids.get(4)), ids(log.read("edge-1", ids.get(1), 2)), "the oldest after the id given");
        assertEquals(List.of(), log.read("edge-1", ids.get(4), 2));
        assertEquals(List.of(ids.get(3), ids.get(4)), ids(log.newest("edge-1", 2)), "the newest two, oldest first");
        assertEquals(List.of(ids.get(0), ids.get(1), ids.get(3), ids.get(4)), ids(log.newest("edge-1", 100)));
        assertEquals(List.of(ids.get(3), ids.get(4), ids.get(5)), ids(log.newest(null, 3)), "every host's");
        assertEquals(List.of(ids.get(2), ids.get(3)), ids(log.read(null, ids.get(1), 2)));
    }

    @Test
    default void aBatchIsStoredWhollyOrNotAtAll() {
        JdbcDocumentStore log = open();
        // a constraint only this test has: the database itself refuses the second event of the batch
        log.withConnection(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("ALTER TABLE host_event ADD CONSTRAINT host_event_test_no_boom CHECK (type <> 'boom')");
            }
        });
        KilnException e = assertThrows(KilnException.class, () -> log.append(List.of(
                event("edge-1", T0, "fine", ""), event("edge-1", T0, "boom", ""), event("edge-1", T0, "fine-too", ""))));
        assertEquals(KilnException.Kind.UNAVAILABLE, e.kind(), e.getMessage());
        assertTrue(e.getMessage().startsWith("cannot store 3 event(s) in "), e.getMessage());
        assertEquals(List.of(), log.read(null, 0, 10), "nothing of the batch was stored");
        assertEquals(1, log.append(List.of(event("edge-1", T0, "fine", ""))).size());
    }

    @Test
    default void pruneDeletesWhatIsTooOldAndAllButTheNewestOfEachHost() {
        JdbcDocumentStore log = open();
        Instant now = Instant.now();
        List<HostEvent> in = new ArrayList<>();
        in.add(event("old-host", now.minus(Duration.ofDays(40)), "ancient", ""));
        in.add(event("old-host", now.minus(Duration.ofDays(29)), "recent", ""));
        for (int i = 0; i < 5; i++) in.add(event("busy", now.minusSeconds(50 - i), "step-" + i, ""));
        in.add(event("quiet", now, "only", ""));
        List<HostEvent> stored = log.append(in);

        assertEquals(3, log.prune(now.minus(Duration.ofDays(30)), 3), "the 40-day-old one and busy's two oldest");
        assertEquals(List.of("recent"), log.read("old-host", 0, 10).stream().map(HostEvent::type).toList());
        assertEquals(List.of("step-2", "step-3", "step-4"), log.read("busy", 0, 10).stream().map(HostEvent::type).toList());
        assertEquals(List.of(stored.get(7)), log.read("quiet", 0, 10));
        assertEquals(0, log.prune(now.minus(Duration.ofDays(30)), 3), "nothing more to delete");
        assertEquals(2, log.prune(now.minus(Duration.ofDays(30)), 1), "busy keeps its newest only");
        assertEquals(List.of("step-4"), log.read("busy", 0, 10).stream().map(HostEvent::type).toList());
    }

    @Test
    default void eventsSurviveAReopenAndLaterIdsAreGreater() {
        JdbcDocumentStore first = open();
        long before = first.append(List.of(event("edge-1", T0, "before", ""))).get(0).id();
        first.close();
        JdbcDocumentStore again = open();
        assertEquals(List.of("before"), again.read("edge-1", 0, 10).stream().map(HostEvent::type).toList());
        long after = again.append(List.of(event("edge-1", T0, "after", ""))).get(0).id();
        assertTrue(after > before, before + " then " + after);
    }

    @Test
    default void badArgumentsAreRefusedByName() {
        JdbcDocumentStore log = open();
        assertEquals("limit must be 1-10000, was 0", assertThrows(KilnException.class, () -> log.read("edge-1", 0, 0)).getMessage());
        assertEquals(KilnException.Kind.INVALID, assertThrows(KilnException.class, () -> log.newest(" ", 5)).kind());
        KilnException e = assertThrows(KilnException.class, () -> log.append(List.of(event("x".repeat(256), T0, "t", ""))));
        assertTrue(e.getMessage().startsWith("host name must be 1-255 characters"), e.getMessage());
        e = assertThrows(KilnException.class, () -> log.append(List.of(event("edge-1", T0, "t", "d".repeat(JdbcDocumentStore.MAX_DETAIL + 1)))));
        assertEquals(KilnException.Kind.INVALID, e.kind());
        assertEquals(KilnException.Kind.INVALID, assertThrows(KilnException.class, () -> log.prune(T0, 0)).kind());
        assertEquals(List.of(), log.append(List.of()));
    }
}
