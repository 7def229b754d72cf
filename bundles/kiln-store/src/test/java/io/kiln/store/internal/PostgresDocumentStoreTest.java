package io.kiln.store.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The store and event log contracts on a real PostgreSQL. Skipped unless {@code -Dkiln.test.postgres.url} names one (plus
 * {@code kiln.test.postgres.user} and {@code .password}); {@code src/test/postgres.sh start} runs a private server on
 * 127.0.0.1 and prints these flags. Each test gets its own schema, dropped afterwards.
 */
class PostgresDocumentStoreTest extends DocumentStoreContract implements EventLogContract {

    static String url, user, password;
    String schema;

    @BeforeAll
    static void readFlags() {
        url = System.getProperty("kiln.test.postgres.url", "").trim();
        user = System.getProperty("kiln.test.postgres.user", "");
        password = System.getProperty("kiln.test.postgres.password", "");
    }

    PGSimpleDataSource admin() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        if (!user.isEmpty()) ds.setUser(user);
        if (!password.isEmpty()) ds.setPassword(password);
        return ds;
    }

    void sql(String statement) throws SQLException {
        try (Connection c = admin().getConnection(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    @BeforeEach
    void freshSchema() throws SQLException {
        // per test, so that every skipped test is reported as skipped, with this reason
        Assumptions.assumeFalse(url.isEmpty(), "PostgreSQL tests skipped: no -Dkiln.test.postgres.url"
                + " (bundles/kiln-store/src/test/postgres.sh start runs a local server and prints the flags)");
        schema = "kiln_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        sql("CREATE SCHEMA " + schema);
    }

    @Override
    protected void afterStoresClosed() throws SQLException {
        if (schema != null) sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    @Override
    protected JdbcDocumentStore openStore() {
        String u = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new JdbcDocumentStore(StoreSettings.of(u, user, password, 4, null));
    }

    @Test
    void describesThePostgresUrl() {
        assertTrue(open().describe().startsWith("PostgreSQL jdbc:postgresql://"));
    }
}
