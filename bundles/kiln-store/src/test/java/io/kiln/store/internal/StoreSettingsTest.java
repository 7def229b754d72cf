package io.kiln.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StoreSettingsTest {

    @Test
    void anEmptyUrlIsTheEmbeddedFileUnderTheDataDirectory() {
        StoreSettings s = StoreSettings.of(" ", "", "", 8, Path.of("/opt/kiln/data"));
        assertEquals(StoreSettings.Database.H2, s.database());
        assertTrue(s.url().startsWith("jdbc:h2:file:/opt/kiln/data/kiln/kiln-db;MODE=PostgreSQL;"), s.url());
        assertTrue(s.url().contains(";DB_CLOSE_ON_EXIT=FALSE"), s.url());
        assertEquals("sa", s.user());
        assertEquals("H2 file /opt/kiln/data/kiln/kiln-db", s.describe());
    }

    @Test
    void postgresUrlsAreUsedAsGiven() {
        StoreSettings s = StoreSettings.of("jdbc:postgresql://127.0.0.1/kiln", "kiln", "secret", 8, Path.of("data"));
        assertEquals(StoreSettings.Database.POSTGRESQL, s.database());
        assertEquals("PostgreSQL jdbc:postgresql://127.0.0.1/kiln", s.describe());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://db/kiln?user=k&password=secret&ssl=true | PostgreSQL jdbc:postgresql://db/kiln?user=k&password=***&ssl=true",
        "jdbc:postgresql://db/kiln?PASSWORD=secret                  | PostgreSQL jdbc:postgresql://db/kiln?PASSWORD=***",
        "jdbc:h2:mem:x;PASSWORD=secret;MODE=PostgreSQL              | H2 jdbc:h2:mem:x;PASSWORD=***;MODE=PostgreSQL",
    })
    void describeNeverShowsAPassword(String url, String described) {
        assertEquals(described, StoreSettings.of(url, "", "", 1, Path.of("data")).describe());
    }

    @Test
    void otherDatabasesAndBadPoolSizesAreRefused() {
        KilnException e = assertThrows(KilnException.class,
                () -> StoreSettings.of("jdbc:mysql://db/kiln?password=x", "", "", 8, Path.of("data")));
        assertEquals(KilnException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("jdbc:mysql://db/kiln?password=***"), e.getMessage());
        assertEquals(KilnException.Kind.INVALID,
                assertThrows(KilnException.class, () -> StoreSettings.of("", "", "", 0, Path.of("data"))).kind());
    }

    @Test
    void settingsFromTheFileNameFileKeyValueAndWhatIsAllowed() {
        StoreSettings.Read lots = StoreSettings.fromConfig(java.util.Map.of("poolSize", "lots"), Path.of("data"));
        assertEquals(java.util.List.of("etc/io.kiln.store.cfg: poolSize = 'lots' is not a number from 1 to 200"), lots.warnings());
        assertEquals(8, lots.settings().poolSize(), "runs on the default");
        assertEquals(java.util.List.of("etc/io.kiln.store.cfg: poolSize = '0' is not a number from 1 to 200"),
                StoreSettings.fromConfig(java.util.Map.of("poolSize", "0"), Path.of("data")).warnings());
        KilnException e = assertThrows(KilnException.class, () -> StoreSettings.fromConfig(java.util.Map.of("url", "postgres://db/kiln"), Path.of("data")));
        assertTrue(e.getMessage().startsWith("etc/io.kiln.store.cfg: url = 'postgres://db/kiln' is not supported"), e.getMessage());
    }

    @Test
    void unknownKeysAreWarnedAboutAndFrameworkKeysAreNot() {
        StoreSettings.Read r = StoreSettings.fromConfig(java.util.Map.of("poolsize", "4", "service.pid", "io.kiln.store",
                "felix.fileinstall.filename", "file:/x", "component.id", 3L, "osgi.ds.satisfying.condition.target", "(osgi.condition.id=true)", "url", ""), Path.of("/d"));
        assertEquals(java.util.List.of("etc/io.kiln.store.cfg: unknown key 'poolsize' ignored (known: localCopy, password, poolSize, url, user)"),
                r.warnings());
        assertEquals(8, r.settings().poolSize());
        assertEquals(Path.of("/d/kiln/kiln-db"), r.settings().h2File());
    }

    @Test
    void retriesBackOffFromTheFirstWaitDoublingToThirtySeconds() {
        java.time.Duration one = java.time.Duration.ofSeconds(1);
        assertEquals(java.util.List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L), java.util.stream.IntStream.rangeClosed(1, 7)
                .mapToObj(n -> ReconnectingStore.backoff(one, n).toSeconds()).toList());
        assertEquals(30, ReconnectingStore.backoff(one, 5000).toSeconds(), "no overflow after many failures");
    }

    @Test
    void onlyFaultsOfReachingTheDatabaseCountAsUnreachable() {
        assertTrue(StoreFault.unreachable(new java.sql.SQLException("refused", "08001")));
        assertTrue(StoreFault.unreachable(new java.sql.SQLTransientConnectionException("pool timeout")));
        assertEquals(false, StoreFault.unreachable(new java.sql.SQLException("disk full", "HY000")));
    }

    @Test
    void anUnreachableDatabaseFailsAtOnceAsUnavailable() {
        long t0 = System.nanoTime();
        KilnException e = assertThrows(KilnException.class, () -> new JdbcDocumentStore(
                StoreSettings.of("jdbc:postgresql://127.0.0.1:9/kiln?connectTimeout=2", "kiln", "x", 2, Path.of("data"))));
        assertEquals(KilnException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().startsWith("cannot open PostgreSQL jdbc:postgresql://127.0.0.1:9/kiln"), e.getMessage());
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
        assertTrue(e.getMessage().contains("etc/io.kiln.store.cfg"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 15_000_000_000L, "no long retry loop");
    }
}
