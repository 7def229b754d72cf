package io.kiln.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.store.Change;
import io.kiln.api.store.Document;
import io.kiln.api.store.DocumentStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What every database behind {@link JdbcDocumentStore} must do. Each subclass runs these same tests on one engine
 * (embedded H2, PostgreSQL), each test on a fresh, empty database.
 */
abstract class DocumentStoreContract {

    private final List<JdbcDocumentStore> opened = new ArrayList<>();

    /** Opens a store on this test's database; a second call opens the same database again, as after a restart. */
    protected abstract JdbcDocumentStore openStore();

    /** Called after every store of the test is closed. */
    protected void afterStoresClosed() throws Exception {
    }

    public final JdbcDocumentStore open() {
        JdbcDocumentStore s = openStore();
        opened.add(s);
        return s;
    }

    final void close(JdbcDocumentStore s) {
        opened.remove(s);
        s.close();
    }

    @AfterEach
    final void closeStores() throws Exception {
        for (JdbcDocumentStore s : opened) s.close();
        opened.clear();
        afterStoresClosed();
    }

    static KilnException assertKilnError(KilnException.Kind kind, Executable call) {
        KilnException e = assertThrows(KilnException.class, call);
        assertEquals(kind, e.kind(), e.getMessage());
        return e;
    }

    static Map<String, Set<String>> macs(String... macs) {
        return Map.of("mac", Set.of(macs));
    }

    @Test
    void createReadListAndDelete() {
        DocumentStore store = open();
        assertTrue(store.get("host", "edge-1").isEmpty());
        assertTrue(store.list("host").isEmpty());

        Document d = store.put("host", "edge-1", 0, "{\"name\":\"edge-1\"}");
        assertEquals(1, d.version());
        assertEquals(d, store.get("host", "edge-1").orElseThrow(), "what put returns is what get reads, timestamp included");
        store.put("host", "edge-0", 0, "{}");
        store.put("profile", "microos", 0, "{\"kernel\":\"vmlinuz\"}");

        assertEquals(List.of("edge-0", "edge-1"), store.list("host").stream().map(Document::name).toList());
        assertEquals(List.of("microos"), store.list("profile").stream().map(Document::name).toList());
        assertTrue(store.get("profile", "edge-1").isEmpty(), "names are per kind");

        store.delete("host", "edge-1", 1);
        assertTrue(store.get("host", "edge-1").isEmpty());
        assertEquals(List.of("edge-0"), store.list("host").stream().map(Document::name).toList());
        assertKilnError(KilnException.Kind.NOT_FOUND, () -> store.delete("host", "edge-1", 2));
        assertKilnError(KilnException.Kind.NOT_FOUND, () -> store.delete("host", "never", 1));
        store.delete("host", "never", DocumentStore.ANY_VERSION); // nothing there is what was wanted
    }

    @Test
    void largeAndUnicodeDocumentsRoundTrip() {
        DocumentStore store = open();
        String json = "{\"notes\":\"" + "Größe ✓ ".repeat(20_000) + "\"}";
        store.put("host", "big", 0, json);
        assertEquals(json, store.get("host", "big").orElseThrow().json());
    }

    @Test
    void versionsIncrementAndAStaleVersionIsRefused() {
        DocumentStore store = open();
        assertEquals(1, store.put("host", "edge-1", 0, "{\"v\":1}").version());
        assertEquals(2, store.put("host", "edge-1", 1, "{\"v\":2}").version());
        assertEquals(3, store.put("host", "edge-1", 2, "{\"v\":3}").version());
        assertEquals(4, store.put("host", "edge-1", DocumentStore.ANY_VERSION, "{\"v\":4}").version());

        KilnException e = assertKilnError(KilnException.Kind.CONFLICT, () -> store.put("host", "edge-1", 3, "{\"v\":\"lost\"}"));
        assertEquals("host 'edge-1' was changed by someone else (version 4, you had 3): reload and retry", e.getMessage());
        e = assertKilnError(KilnException.Kind.CONFLICT, () -> store.put("host", "edge-1", 0, "{}"));
        assertEquals("host 'edge-1' already exists (version 4)", e.getMessage());
        assertKilnError(KilnException.Kind.CONFLICT, () -> store.delete("host", "edge-1", 3));
        assertKilnError(KilnException.Kind.NOT_FOUND, () -> store.put("host", "nobody", 1, "{}"));

        Document now = store.get("host", "edge-1").orElseThrow();
        assertEquals(4, now.version());
        assertEquals("{\"v\":4}", now.json());
    }

    @Test
    void aNameDeletedAndCreatedAgainNeverRepeatsAVersion() {
        DocumentStore store = open();
        store.put("host", "edge-1", 0, "{\"old\":true}");
        store.put("host", "edge-1", 1, "{\"old\":true}");
        store.delete("host", "edge-1", 2);
        Document again = store.put("host", "edge-1", 0, "{\"new\":true}");
        assertEquals(4, again.version(), "the delete counted as a write");
        // someone still holding version 2 of the old host cannot overwrite the new one
        assertKilnError(KilnException.Kind.CONFLICT, () -> store.put("host", "edge-1", 2, "{\"old\":true}"));
        assertKilnError(KilnException.Kind.NOT_FOUND, () -> {
            store.delete("host", "edge-1", 4);
            store.put("host", "edge-1", 4, "{}");
        });
    }

    @Test
    void twoThreadsUpdatingOneDocumentExactlyOneWins() throws Exception {
        DocumentStore store = open();
        store.put("host", "edge-1", 0, "{\"round\":0}");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= 20; round++) {
                long version = store.get("host", "edge-1").orElseThrow().version();
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<String>> results = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    String json = "{\"round\":" + round + ",\"writer\":" + t + "}";
                    results.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        try {
                            store.put("host", "edge-1", version, json);
                            return "won";
                        } catch (KilnException e) {
                            return e.kind().toString();
                        }
                    }));
                }
                List<String> outcome = new ArrayList<>();
                for (Future<String> f : results) outcome.add(f.get(30, TimeUnit.SECONDS));
                assertEquals(1, outcome.stream().filter("won"::equals).count(), "round " + round + ": " + outcome);
                assertEquals(1, outcome.stream().filter("CONFLICT"::equals).count(), "round " + round + ": " + outcome);
                Document d = store.get("host", "edge-1").orElseThrow();
                assertEquals(version + 1, d.version());
                assertTrue(d.json().startsWith("{\"round\":" + round + ","), d.json());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentReadModifyWriteLosesNoUpdate() throws Exception {
        DocumentStore store = open();
        store.put("counter", "c", 0, "0");
        int threads = 4, increments = 25;
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < increments; i++) {
                        while (true) {
                            Document d = store.get("counter", "c").orElseThrow();
                            try {
                                store.put("counter", "c", d.version(), Integer.toString(Integer.parseInt(d.json()) + 1));
                                break;
                            } catch (KilnException e) {
                                if (e.kind() != KilnException.Kind.CONFLICT) throw e;
                                conflicts.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) f.get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        Document d = store.get("counter", "c").orElseThrow();
        assertEquals(threads * increments, Integer.parseInt(d.json()), "every increment survived (" + conflicts + " conflicts retried)");
        assertEquals(1 + threads * increments, d.version());
    }

    @Test
    void aBatchIsWrittenWhole() {
        DocumentStore store = open();
        store.put("host", "a", 0, "{\"a\":1}");
        store.put("host", "gone", 0, "{}");
        List<Document> stored = store.apply(List.of(
                Change.put("host", "a", 1, "{\"a\":2}", Map.of()),
                Change.put("host", "b", 0, "{\"b\":1}", macs("52:54:00:00:00:0b")),
                Change.delete("host", "gone", 1),
                Change.put("profile", "p", DocumentStore.ANY_VERSION, "{}", Map.of())));
        assertEquals(List.of("a@2", "b@1", "p@1"), stored.stream().map(d -> d.name() + "@" + d.version()).toList(),
                "the PUTs' documents, in the batch's order, with their versions");
        assertEquals(2, store.get("host", "a").orElseThrow().version());
        assertEquals("b", store.findByKey("host", "mac", "52:54:00:00:00:0b").orElseThrow().name());
        assertTrue(store.get("host", "gone").isEmpty());
        assertEquals(1, store.get("profile", "p").orElseThrow().version());
        store.apply(List.of());
    }

    @Test
    void aBatchWithOneConflictWritesNothing() {
        DocumentStore store = open();
        store.put("host", "a", 0, "{\"a\":1}");
        store.put("host", "z", 0, "{\"z\":1}", macs("52:54:00:00:00:01"));
        store.put("host", "z", 1, "{\"z\":2}", macs("52:54:00:00:00:01")); // someone else moved z on to version 2

        KilnException e = assertKilnError(KilnException.Kind.CONFLICT, () -> store.apply(List.of(
                Change.put("host", "a", 1, "{\"a\":2}", macs("52:54:00:00:00:0a")),
                Change.put("host", "new", 0, "{}", Map.of()),
                Change.delete("profile", "p", DocumentStore.ANY_VERSION),
                Change.put("host", "z", 1, "{\"z\":\"stale\"}", Map.of()))));
        assertTrue(e.getMessage().contains("host 'z' was changed by someone else (version 2, you had 1)"), e.getMessage());

        assertEquals("{\"a\":1}", store.get("host", "a").orElseThrow().json());
        assertEquals(1, store.get("host", "a").orElseThrow().version());
        assertTrue(store.get("host", "new").isEmpty());
        assertTrue(store.findByKey("host", "mac", "52:54:00:00:00:0a").isEmpty());
        assertEquals("{\"z\":2}", store.get("host", "z").orElseThrow().json());
        assertEquals("z", store.findByKey("host", "mac", "52:54:00:00:00:01").orElseThrow().name(), "z kept its key");

        // a key conflict, found after the documents were written, also undoes them
        assertKilnError(KilnException.Kind.CONFLICT, () -> store.apply(List.of(
                Change.put("host", "a", 1, "{\"a\":3}", Map.of()),
                Change.put("host", "b", 0, "{}", macs("52:54:00:00:00:01")))));
        assertEquals(1, store.get("host", "a").orElseThrow().version());
        assertTrue(store.get("host", "b").isEmpty());

        assertKilnError(KilnException.Kind.INVALID, () -> store.apply(List.of(
                Change.put("host", "a", 1, "{}", Map.of()), Change.delete("host", "a", 1))));
        assertEquals(1, store.get("host", "a").orElseThrow().version());
    }

    @Test
    void uniqueKeysFindDocumentsAndBelongToOneDocumentOnly() {
        DocumentStore store = open();
        Map<String, Set<String>> keys = Map.of("mac", Set.of("52:54:00:00:00:01", "52:54:00:00:00:02"),
                "uuid", Set.of("4c4c4544-0000-0000-0000-000000000001"));
        store.put("host", "edge-1", 0, "{}", keys);
        assertEquals("edge-1", store.findByKey("host", "mac", "52:54:00:00:00:02").orElseThrow().name());
        assertEquals("edge-1", store.findByKey("host", "uuid", "4c4c4544-0000-0000-0000-000000000001").orElseThrow().name());
        assertTrue(store.findByKey("profile", "mac", "52:54:00:00:00:02").isEmpty(), "keys are per kind");
        assertTrue(store.findByKey("host", "serial", "52:54:00:00:00:02").isEmpty(), "and per key name");

        KilnException e = assertKilnError(KilnException.Kind.CONFLICT,
                () -> store.put("host", "edge-2", 0, "{}", macs("52:54:00:00:00:03", "52:54:00:00:00:02")));
        assertEquals("host 'edge-2': mac 52:54:00:00:00:02 already belongs to host 'edge-1'", e.getMessage());
        assertTrue(store.get("host", "edge-2").isEmpty(), "the refused put wrote nothing");
        assertTrue(store.findByKey("host", "mac", "52:54:00:00:00:03").isEmpty());
        store.put("profile", "p", 0, "{}", macs("52:54:00:00:00:02")); // another kind may use the same value

        // keys are replaced by every put, and go with a delete
        store.put("host", "edge-1", 1, "{}", macs("52:54:00:00:00:01"));
        assertTrue(store.findByKey("host", "mac", "52:54:00:00:00:02").isEmpty());
        assertTrue(store.findByKey("host", "uuid", "4c4c4544-0000-0000-0000-000000000001").isEmpty());
        store.put("host", "edge-2", 0, "{}", macs("52:54:00:00:00:02"));

        // a key moves between two documents in one batch
        store.apply(List.of(
                Change.put("host", "edge-2", 1, "{}", macs("52:54:00:00:00:01", "52:54:00:00:00:02")),
                Change.put("host", "edge-1", 2, "{}", Map.of())));
        assertEquals("edge-2", store.findByKey("host", "mac", "52:54:00:00:00:01").orElseThrow().name());

        store.delete("host", "edge-2", 2);
        assertTrue(store.findByKey("host", "mac", "52:54:00:00:00:01").isEmpty());
        store.put("host", "edge-3", 0, "{}", macs("52:54:00:00:00:01"));
    }

    @Test
    void badArgumentsAreInvalid() {
        DocumentStore store = open();
        assertKilnError(KilnException.Kind.INVALID, () -> store.put("", "a", 0, "{}"));
        assertKilnError(KilnException.Kind.INVALID, () -> store.put("host", " ", 0, "{}"));
        assertKilnError(KilnException.Kind.INVALID, () -> store.put("host", "x".repeat(256), 0, "{}"));
        assertKilnError(KilnException.Kind.INVALID, () -> store.put("host", "a", -2, "{}"));
        assertKilnError(KilnException.Kind.INVALID, () -> store.put("host", "a", 0, "{}", Map.of("mac", Set.of(""))));
        assertKilnError(KilnException.Kind.INVALID, () -> store.put("host", "a", 0, "{}", Map.of("m".repeat(65), Set.of("v"))));
        assertKilnError(KilnException.Kind.INVALID, () -> store.delete("host", "a", 0));
        assertKilnError(KilnException.Kind.INVALID, () -> store.apply(null));
        assertThrows(NullPointerException.class, () -> store.put("host", "a", 0, null));
        assertTrue(store.list("host").isEmpty());
    }

    @Test
    void dataAndSchemaSurviveARestartAndMigrationsRunOnce() throws Exception {
        JdbcDocumentStore first = open();
        String schema = first.schemaVersion();
        assertNotNull(schema);
        first.put("host", "edge-1", 0, "{\"kept\":true}", macs("52:54:00:00:00:01"));
        first.put("host", "edge-1", 1, "{\"kept\":true}", macs("52:54:00:00:00:01"));
        close(first);

        JdbcDocumentStore second = open();
        assertEquals(schema, second.schemaVersion());
        Document d = second.get("host", "edge-1").orElseThrow();
        assertEquals(2, d.version());
        assertEquals("{\"kept\":true}", d.json());
        assertEquals("edge-1", second.findByKey("host", "mac", "52:54:00:00:00:01").orElseThrow().name());
        close(second);

        JdbcDocumentStore third = open();
        assertEquals(3, third.put("host", "edge-1", 2, "{}").version());
        assertEquals(migrationFiles(), successfulMigrations(third), "each migration recorded exactly once");
    }

    @Test
    void aLargeBatchIsWrittenWholeWithItsKeysOrNotAtAll() {
        JdbcDocumentStore s = open();
        s.put("host", "existing", DocumentStore.MUST_NOT_EXIST, "{}", Map.of("mac", Set.of("m-existing")));
        List<Change> batch = new ArrayList<>();
        for (int i = 0; i < 200; i++) batch.add(Change.put("host", "h" + i, 0, "{\"i\":" + i + "}", Map.of("mac", Set.of("m" + i))));
        batch.add(Change.put("host", "existing", 1, "{\"x\":1}", Map.of("mac", Set.of("m-moved"))));
        assertTrue(batch.size() >= JdbcDocumentStore.BULK, "takes the bulk path");
        List<Document> stored = s.apply(batch);
        assertEquals(201, stored.size());
        assertEquals("h0@1", stored.get(0).name() + "@" + stored.get(0).version());
        assertEquals("existing@2", stored.get(200).name() + "@" + stored.get(200).version(), "the bulk path reports versions too");
        assertEquals(201, s.list("host").size());
        assertEquals("h7", s.findByKey("host", "mac", "m7").orElseThrow().name());
        assertEquals("{\"i\":7}", s.get("host", "h7").orElseThrow().json());
        assertEquals(2, s.get("host", "existing").orElseThrow().version());
        assertTrue(s.findByKey("host", "mac", "m-existing").isEmpty(), "the replaced document's old key is gone");
        assertEquals("existing", s.findByKey("host", "mac", "m-moved").orElseThrow().name());
        long revision = s.revision();
        assertEquals(202, revision);

        List<Change> clash = new ArrayList<>();
        for (int i = 200; i < 300; i++) clash.add(Change.put("host", "h" + i, 0, "{}", Map.of("mac", Set.of("m" + i))));
        clash.add(Change.put("host", "zz", 0, "{}", Map.of("mac", Set.of("m5"))));
        KilnException e = assertThrows(KilnException.class, () -> s.apply(clash));
        assertEquals(KilnException.Kind.CONFLICT, e.kind());
        assertTrue(e.getMessage().contains("mac m5 already belongs to host 'h5'"), e.getMessage());
        List<Change> twice = new ArrayList<>();
        for (int i = 300; i < 400; i++) twice.add(Change.put("host", "h" + i, 0, "{}", Map.of("mac", Set.of(i == 399 ? "m300" : "m" + i))));
        KilnException e2 = assertThrows(KilnException.class, () -> s.apply(twice));
        assertTrue(e2.getMessage().contains("mac m300 already belongs to host 'h300'"), e2.getMessage());
        List<Change> stale = new ArrayList<>();
        for (int i = 0; i < 100; i++) stale.add(Change.put("host", "h" + i, i == 50 ? 7 : 1, "{\"v\":2}", Map.of("mac", Set.of("m" + i))));
        KilnException e3 = assertThrows(KilnException.class, () -> s.apply(stale));
        assertTrue(e3.getMessage().contains("host 'h50' was changed by someone else (version 1, you had 7)"), e3.getMessage());
        assertEquals(revision, s.revision(), "nothing of a refused batch is written");
        assertTrue(s.get("host", "h250").isEmpty());
        assertEquals("{\"i\":0}", s.get("host", "h0").orElseThrow().json());

        List<Change> deletes = new ArrayList<>();
        for (int i = 0; i < 100; i++) deletes.add(Change.delete("host", "h" + i, 1));
        deletes.add(Change.delete("host", "never-was", DocumentStore.ANY_VERSION));
        s.apply(deletes);
        assertEquals(101, s.list("host").size());
        assertTrue(s.findByKey("host", "mac", "m3").isEmpty(), "a deleted document's keys are free");
        assertEquals(revision + 100, s.revision());
        s.put("host", "h3", DocumentStore.MUST_NOT_EXIST, "{}", Map.of("mac", Set.of("m3")));
        assertEquals(3, s.get("host", "h3").orElseThrow().version(), "created again after a bulk delete: versions go on");
    }

    @Test
    void theRevisionCountsEveryWriteFromEveryConnection() {
        JdbcDocumentStore a = open();
        long r0 = a.revision();
        assertEquals(0, r0, "an empty database");
        a.put("host", "h1", DocumentStore.MUST_NOT_EXIST, "{}");
        a.put("host", "h1", 1, "{\"x\":1}");
        assertEquals(2, a.revision());
        a.delete("host", "nothing", DocumentStore.ANY_VERSION);
        assertEquals(2, a.revision(), "a delete of nothing writes nothing");
        a.apply(List.of(Change.put("host", "h2", 0, "{}", Map.of()), Change.delete("host", "h1", 2)));
        assertEquals(4, a.revision());
        a.put("host", "h1", DocumentStore.MUST_NOT_EXIST, "{}");
        assertEquals(5, a.revision(), "created again after a delete");
        assertThrows(KilnException.class, () -> a.put("host", "h2", 7, "{}"));
        assertEquals(5, a.revision(), "a refused write changes nothing");
        JdbcDocumentStore b = open(); // a second pool on the same database, as a second appliance has
        assertEquals(5, b.revision());
        b.put("host", "h3", DocumentStore.MUST_NOT_EXIST, "{}");
        assertEquals(6, a.revision(), "the other appliance's write is seen");
    }

    @Test
    void describesItsDatabase() {
        String d = open().describe();
        assertFalse(d.isBlank());
        assertFalse(d.toLowerCase().contains("password=s"), d);
    }

    /** How many versioned migrations the bundle ships. */
    static int migrationFiles() throws Exception {
        var url = JdbcDocumentStore.class.getClassLoader().getResource("db/migration");
        assertNotNull(url);
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(url.toURI()))) {
            return (int) files.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }

    static int successfulMigrations(JdbcDocumentStore store) throws Exception {
        ConcurrentLinkedQueue<Integer> n = new ConcurrentLinkedQueue<>();
        store.withConnection(c -> {
            try (var st = c.createStatement();
                 var rs = st.executeQuery("SELECT COUNT(*) FROM kiln_schema_history WHERE success AND version IS NOT NULL")) {
                rs.next();
                n.add(rs.getInt(1));
            }
        });
        return n.remove();
    }
}
