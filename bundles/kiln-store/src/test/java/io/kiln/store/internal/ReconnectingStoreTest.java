package io.kiln.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.events.EventSource;
import io.kiln.api.events.HostEvent;
import io.kiln.api.status.Health;
import io.kiln.api.status.SubsystemStatus.State;
import io.kiln.api.store.DocumentStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store service while its database cannot be opened: registered, failing with the reason, opening by itself later. */
class ReconnectingStoreTest {

    @Test
    void aStoreThatCannotOpenAnswersUnavailableAndOpensByItselfWhenTheCauseIsGone(@TempDir Path data) throws Exception {
        // the database directory cannot be created while a plain file stands where it goes
        Path blocker = data.resolve("kiln");
        Files.writeString(blocker, "not a directory");
        ReconnectingStore store = new ReconnectingStore(Map.of(), data, Clock.systemUTC(), Duration.ofMillis(50));
        try {
            Health h = store.health();
            assertEquals(State.DOWN, h.state());
            assertTrue(h.reason().startsWith("the store cannot be opened: cannot open H2 file " + data.resolve("kiln/kiln-db")), h.reason());
            KilnException e = assertThrows(KilnException.class, () -> store.list("host"));
            assertEquals(KilnException.Kind.UNAVAILABLE, e.kind());
            assertTrue(e.getMessage().contains("attempt(s), next in"), e.getMessage());
            HostEvent event = new HostEvent(0, "web-1", Instant.now(), EventSource.DHCP, "dhcp-discover", "");
            e = assertThrows(KilnException.class, () -> store.append(List.of(event)));
            assertEquals(KilnException.Kind.UNAVAILABLE, e.kind(), "events wait for the database as documents do");
            assertEquals(KilnException.Kind.UNAVAILABLE, assertThrows(KilnException.class, () -> store.newest("web-1", 5)).kind());

            Files.delete(blocker);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (store.health().state() != State.UP && System.nanoTime() < deadline) Thread.sleep(50);
            assertEquals(Health.up(), store.health());
            store.put("host", "web-1", DocumentStore.MUST_NOT_EXIST, "{}");
            assertEquals(1, store.list("host").size());
            long id = store.append(List.of(event)).get(0).id();
            assertEquals(List.of(id), store.read("web-1", 0, 5).stream().map(HostEvent::id).toList());
        } finally {
            store.close();
        }
    }

    @Test
    void aBadSettingKeepsTheStoreDownWithTheLineThatSaysWhy(@TempDir Path data) {
        ReconnectingStore store = new ReconnectingStore(Map.of("url", "postgres://db/kiln"), data, Clock.systemUTC(), Duration.ofMillis(50));
        try {
            assertEquals(Health.down("the store is not configured: etc/io.kiln.store.cfg: url = 'postgres://db/kiln' is not"
                    + " supported: leave it empty for the embedded database, or use jdbc:postgresql://HOST:PORT/DATABASE (or a"
                    + " jdbc:h2: URL)"), store.health());
            KilnException e = assertThrows(KilnException.class, () -> store.get("host", "x"));
            assertEquals(KilnException.Kind.UNAVAILABLE, e.kind());
            assertEquals("the store (not configured)", store.describe());
        } finally {
            store.close();
        }
    }

    @Test
    void anUnknownKeyDegradesAnOpenStore(@TempDir Path data) {
        ReconnectingStore store = new ReconnectingStore(Map.of("poolSise", "4"), data, Clock.systemUTC(), Duration.ofMillis(50));
        try {
            assertEquals(Health.degraded("etc/io.kiln.store.cfg: unknown key 'poolSise' ignored (known: localCopy, password,"
                    + " poolSize, url, user)"), store.health());
            assertEquals(0, store.list("host").size());
        } finally {
            store.close();
        }
    }
}
