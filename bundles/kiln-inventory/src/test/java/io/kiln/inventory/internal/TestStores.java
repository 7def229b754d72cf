package io.kiln.inventory.internal;

import io.kiln.store.internal.JdbcDocumentStore;
import java.nio.file.Path;

/** The real document store on an embedded H2 file in a test directory. */
final class TestStores {
    private TestStores() {
    }

    static JdbcDocumentStore h2(Path dataDir) {
        System.setProperty("karaf.data", dataDir.toString());
        return open("", "", "");
    }

    /** The PostgreSQL named by -Dkiln.test.postgres.url (kiln-store's src/test/postgres.sh prints the flags), or null. */
    /**
     * An H2 file opened by its URL: to the store, a database other appliances may write too ({@code shared()}), unlike
     * the embedded default, which only its own process can open.
     */
    static JdbcDocumentStore h2ByUrl(Path dataDir) {
        return open("jdbc:h2:file:" + dataDir.resolve("kiln/kiln-db-url").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000", "sa", "");
    }

    static String postgresUrl() {
        String url = System.getProperty("kiln.test.postgres.url", "").trim();
        return url.isEmpty() ? null : url;
    }

    /** The store on PostgreSQL in the given schema (created by the caller). */
    static JdbcDocumentStore postgres(String schema) {
        String url = postgresUrl();
        return open(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                System.getProperty("kiln.test.postgres.user", ""), System.getProperty("kiln.test.postgres.password", ""));
    }

    /** Runs one SQL statement on the test PostgreSQL (schema setup). */
    static void postgresSql(String sql) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(postgresUrl(), System.getProperty("kiln.test.postgres.user", ""),
                System.getProperty("kiln.test.postgres.password", "")); java.sql.Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static JdbcDocumentStore open(String url, String user, String password) {
        return JdbcDocumentStore.open(url, user, password);
    }
}
