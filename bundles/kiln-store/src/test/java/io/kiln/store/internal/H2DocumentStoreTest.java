package io.kiln.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store and event log contracts on the embedded database, as Kiln runs by default: an H2 file under the data directory. */
class H2DocumentStoreTest extends DocumentStoreContract implements EventLogContract {

    @TempDir Path data;

    @Override
    protected JdbcDocumentStore openStore() {
        return new JdbcDocumentStore(StoreSettings.of("", "", "", 4, data));
    }

    @Test
    void theDefaultDatabaseIsOneFileUnderTheDataDirectory() {
        JdbcDocumentStore store = open();
        store.put("host", "edge-1", 0, "{}");
        Path file = data.resolve("kiln/kiln-db.mv.db");
        assertTrue(Files.isRegularFile(file), "expected " + file);
        assertEquals("H2 file " + data.resolve("kiln/kiln-db").toAbsolutePath(), store.describe());
    }

    @Test
    void aCommittedWriteSurvivesAJvmThatDiesRightAfterIt() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CrashingWriter.class.getName(), data.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(out.contains("written"), out);

        JdbcDocumentStore store = open();
        assertEquals("{\"survived\":true}", store.get("host", "edge-1").orElseThrow().json());
        assertEquals("edge-1", store.findByKey("host", "mac", "52:54:00:00:00:01").orElseThrow().name());
    }
}
