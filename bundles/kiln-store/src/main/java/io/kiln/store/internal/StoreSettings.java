package io.kiln.store.internal;

import io.kiln.api.KilnException;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where the store lives, from configuration: the embedded H2 file by default, or any H2 or PostgreSQL JDBC URL.
 *
 * <p>Connections come from the drivers' own {@link DataSource} classes, never from {@code DriverManager} (which
 * cannot see drivers in other bundles under OSGi).
 *
 * @param url      the JDBC URL actually used
 * @param user     database user
 * @param password database password
 * @param poolSize most connections kept open
 * @param database which engine the URL names
 * @param h2File   the embedded database file (without H2's ".mv.db"), or null when a URL was configured
 */
record StoreSettings(String url, String user, String password, int poolSize, Database database, Path h2File) {

    /** The engines the store runs on. */
    enum Database { H2, POSTGRESQL }

    /**
     * H2 flags of the embedded database: PostgreSQL compatibility (so the migrations are the same SQL), lowercase
     * identifiers like PostgreSQL's, no close by H2's own shutdown hook (Karaf closes the pool when it stops the
     * bundle), lock waits long enough for a busy appliance, and every commit written to the file at once instead of
     * H2's default 500 ms later (a killed JVM loses nothing committed).
     */
    static final String H2_FLAGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;WRITE_DELAY=0";

    /** The database file the store uses when no URL is configured, relative to the Karaf data directory. */
    static final String DEFAULT_H2_FILE = "kiln/kiln-db";

    /** The file an operator edits. */
    static final String FILE = "etc/io.kiln.store.cfg";
    /** Where the local copy of a shared database goes by default, under the data directory. */
    static final String DEFAULT_LOCAL_COPY = "kiln/store-copy.jsonl";

    StoreSettings {
        if (poolSize < 1 || poolSize > 200) throw KilnException.invalid(FILE + ": poolSize = " + poolSize + " is not from 1 to 200");
    }

    /**
     * Settings read from configuration, and what was ignored in it.
     *
     * @param localCopy where the local copy of a shared database is kept (null: none, e.g. for the embedded one)
     */
    record Read(StoreSettings settings, java.util.List<String> warnings, Path localCopy) {
    }

    /**
     * Reads etc/io.kiln.store.cfg as Config Admin gives it. A refused pool size runs on the default (with the line
     * among the warnings); a URL that cannot be used throws.
     *
     * @throws KilnException INVALID in one line naming the file, key, value and what is allowed
     */
    static Read fromConfig(java.util.Map<String, Object> config, Path dataDir) {
        io.kiln.config.ConfigFile cfg = io.kiln.config.ConfigFile.of("io.kiln.store", config);
        int poolSize = cfg.integer("poolSize", 8, 1, 200);
        String url = cfg.string("url", ""), user = cfg.string("user", ""), password = cfg.string("password", "");
        String copy = cfg.string("localCopy", DEFAULT_LOCAL_COPY);
        cfg.unknownKeys();
        StoreSettings settings = of(url, user, password, poolSize, dataDir);
        Path localCopy = settings.h2File() != null || copy.isEmpty() ? null : dataDir.resolve(copy).toAbsolutePath().normalize();
        return new Read(settings, cfg.problems(), localCopy);
    }

    /**
     * Reads the configured keys.
     *
     * @param url       empty for the embedded H2 file under {@code dataDir}
     * @param dataDir   Karaf's data directory
     */
    static StoreSettings of(String url, String user, String password, int poolSize, Path dataDir) {
        url = url == null ? "" : url.trim();
        user = user == null ? "" : user.trim();
        password = password == null ? "" : password;
        if (url.isEmpty()) {
            Path file = dataDir.resolve(DEFAULT_H2_FILE).toAbsolutePath().normalize();
            return new StoreSettings("jdbc:h2:file:" + file + H2_FLAGS, user.isEmpty() ? "sa" : user, password, poolSize,
                    Database.H2, file);
        }
        if (url.startsWith("jdbc:h2:")) return new StoreSettings(url, user.isEmpty() ? "sa" : user, password, poolSize, Database.H2, null);
        if (url.startsWith("jdbc:postgresql:")) return new StoreSettings(url, user, password, poolSize, Database.POSTGRESQL, null);
        throw KilnException.invalid(FILE + ": url = '" + redact(url) + "' is not supported: leave it empty for the embedded"
                + " database, or use jdbc:postgresql://HOST:PORT/DATABASE (or a jdbc:h2: URL)");
    }

    /** An unpooled data source of the configured database. */
    DataSource dataSource() {
        switch (database) {
            case H2 -> {
                JdbcDataSource ds = new JdbcDataSource();
                ds.setURL(url);
                ds.setUser(user);
                ds.setPassword(password);
                return ds;
            }
            case POSTGRESQL -> {
                PGSimpleDataSource ds = new PGSimpleDataSource();
                ds.setURL(url);
                if (!user.isEmpty()) ds.setUser(user);
                if (!password.isEmpty()) ds.setPassword(password);
                ds.setApplicationName("kiln");
                return ds;
            }
            default -> throw new IllegalStateException(database.toString());
        }
    }

    /** For operators and logs: which database, never its password. */
    String describe() {
        if (h2File != null) return "H2 file " + h2File;
        return (database == Database.H2 ? "H2 " : "PostgreSQL ") + redact(url);
    }

    /** Hides a password given as a URL parameter. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
