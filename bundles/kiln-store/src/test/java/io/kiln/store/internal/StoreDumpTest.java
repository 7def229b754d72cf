package io.kiln.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.status.SubsystemStatus.State;
import io.kiln.api.store.DocumentStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole store as one file: the backup, and the local copy reads are served from while the database is away. */
class StoreDumpTest {
    @TempDir Path dir;

    private JdbcDocumentStore h2(String name) {
        return new JdbcDocumentStore(StoreSettings.of("", "", "", 2, dir.resolve(name)));
    }

    private static void fill(JdbcDocumentStore s) {
        s.put("host", "edge-1", DocumentStore.MUST_NOT_EXIST, "{\"n\":1}", Map.of("mac", Set.of("52:54:00:00:00:01")));
        s.put("host", "edge-2", DocumentStore.MUST_NOT_EXIST, "{\"n\":2,\"s\":\"line\\nbreak \\u00e9\"}", Map.of("mac", Set.of("52:54:00:00:00:02")));
        s.put("host", "edge-1", 1, "{\"n\":11}", Map.of("mac", Set.of("52:54:00:00:00:01")));
        s.put("profile", "gone", DocumentStore.MUST_NOT_EXIST, "{}");
        s.delete("profile", "gone", 1);
    }

    @Test
    void aDumpRestoredIntoAnEmptyStoreIsTheSameStoreTombstonesAndKeysIncluded() throws Exception {
        JdbcDocumentStore a = h2("a"), b = h2("b");
        try {
            fill(a);
            Path file = dir.resolve("backup.jsonl");
            StoreDump d = a.dump();
            assertEquals(a.revision(), d.revision());
            d.writeAtomically(file);
            StoreDump read = StoreDump.read(file);
            assertEquals(d, read);
            b.restore(read);
            assertEquals(a.revision(), b.revision());
            assertEquals(a.list("host"), b.list("host"));
            assertEquals(a.findByKey("host", "mac", "52:54:00:00:00:02"), b.findByKey("host", "mac", "52:54:00:00:00:02"));
            assertTrue(b.get("profile", "gone").isEmpty());
            // the tombstone came along: a client holding version 1 of the deleted profile cannot write over a new one
            assertEquals(3, b.put("profile", "gone", DocumentStore.MUST_NOT_EXIST, "{}").version());
            KilnException twice = assertThrows(KilnException.class, () -> b.restore(read));
            assertEquals(KilnException.Kind.CONFLICT, twice.kind());
            assertTrue(twice.getMessage().contains("it already holds 3 document(s)"), twice.getMessage());
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void aDamagedDumpIsRefusedNamingTheLine() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"format\":\"something else\"}\n");
        assertEquals(dir.resolve("bad.jsonl") + " is not a Kiln store dump (its first line must say \"format\":\"kiln-store-dump/1\")",
                assertThrows(KilnException.class, () -> StoreDump.read(file)).getMessage());
        Files.writeString(file, "{\"format\":\"kiln-store-dump/1\",\"revision\":3,\"taken\":\"2026-12-07T00:00:00Z\",\"documents\":2,\"keys\":0}\n"
                + "{\"kind\":\"host\",\"name\":\"a\",\"version\":1,\"updated\":\"2026-12-07T00:00:00Z\",\"body\":\"{}\"}\n{\"kind\":\n");
        String notJson = assertThrows(KilnException.class, () -> StoreDump.read(file)).getMessage();
        assertTrue(notJson.startsWith(file + " line 3 is not JSON: Unexpected end-of-input"), notJson);
        Files.writeString(file, "{\"format\":\"kiln-store-dump/1\",\"revision\":3,\"taken\":\"2026-12-07T00:00:00Z\",\"documents\":2,\"keys\":0}\n"
                + "{\"kind\":\"host\",\"name\":\"a\",\"version\":1,\"updated\":\"2026-12-07T00:00:00Z\",\"body\":\"{}\"}\n");
        assertEquals(file + " is incomplete: its header promises 2 documents and 0 keys, it holds 1 and 0",
                assertThrows(KilnException.class, () -> StoreDump.read(file)).getMessage());
        Files.writeString(file, "{\"format\":\"kiln-store-dump/1\",\"revision\":3,\"taken\":\"2026-12-07T00:00:00Z\",\"documents\":1,\"keys\":0}\n"
                + "{\"kind\":\"host\",\"version\":1,\"updated\":\"2026-12-07T00:00:00Z\"}\n");
        assertEquals(file + " line 2: 'name' is missing", assertThrows(KilnException.class, () -> StoreDump.read(file)).getMessage());
    }

    @Test
    void whileASharedDatabaseCannotOpenReadsComeFromTheLocalCopyAndWritesWait() throws Exception {
        JdbcDocumentStore a = h2("a");
        Path copy = dir.resolve("data/kiln/store-copy.jsonl");
        try {
            fill(a);
            a.dump().writeAtomically(copy);
        } finally {
            a.close();
        }
        ReconnectingStore store = new ReconnectingStore(Map.of("url", "jdbc:postgresql://127.0.0.1:9/kiln?connectTimeout=2"),
                dir.resolve("data"), Clock.systemUTC(), Duration.ofSeconds(30));
        try {
            assertEquals(List.of("edge-1", "edge-2"), store.list("host").stream().map(d -> d.name()).toList());
            assertEquals("{\"n\":11}", store.get("host", "edge-1").orElseThrow().json());
            assertEquals("edge-2", store.findByKey("host", "mac", "52:54:00:00:00:02").orElseThrow().name());
            assertEquals(5, store.revision(), "edge-1 v2 + edge-2 v1 + the deleted profile's tombstone v2");
            KilnException write = assertThrows(KilnException.class, () -> store.put("host", "edge-3", 0, "{}"));
            assertEquals(KilnException.Kind.UNAVAILABLE, write.kind());
            assertTrue(write.getMessage().contains("; only reads are served, from the local copy " + copy), write.getMessage());
            assertEquals(State.DEGRADED, store.health().state());
            assertTrue(store.health().reason().contains("refused") && store.health().reason().contains("serving reads from the local copy")
                    && store.health().reason().endsWith("writes wait for the database"), store.health().reason());
        } finally {
            store.close();
        }
    }
}
