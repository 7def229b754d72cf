package io.kiln.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.kiln.api.KilnException;
import io.kiln.api.events.EventSource;
import io.kiln.api.events.HostEvent;
import io.kiln.api.store.Change;
import io.kiln.api.store.Document;
import io.kiln.api.store.DocumentStore;
import io.kiln.api.store.EventLog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The document store on JDBC: a HikariCP pool over H2 (embedded, the default) or PostgreSQL, its schema brought up
 * to date by Flyway when it opens. {@link ReconnectingStore} (the service) opens it, and opens it again while the
 * database cannot be reached.
 *
 * <p>Every write runs in one READ COMMITTED transaction that locks the document's row ({@code SELECT ... FOR UPDATE}),
 * checks the expected version, and updates the row only where its version is still the one read. Two writers of one
 * document are thus serialized by the database, and the loser gets CONFLICT instead of overwriting the winner.
 * Batches lock their rows in (kind, name) order, so two batches cannot deadlock on documents.
 *
 * <p>It also keeps hosts' events ({@link EventLog}): the {@code host_event} table, appended in JDBC batches, read
 * through its (host, id) index. Events are not part of {@link #dump()}: a backup holds the inventory, not its history.
 *
 * <p>Faults are remembered for the store's health: the last failed read and write (cleared by the next that succeeds).
 * Connections to a database that closed itself (H2 after a write failed, e.g. on a full disk) are evicted, so the
 * next transaction opens the database file again instead of failing until a restart.
 */
public class JdbcDocumentStore implements DocumentStore, EventLog, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcDocumentStore.class);
    private static final int MAX_KIND = 64, MAX_NAME = 255, MAX_KEY = 64, MAX_VALUE = 255;
    /** Longest event detail and most events one read returns. */
    static final int MAX_DETAIL = 4000, MAX_READ = 10_000;

    private final StoreSettings settings;
    private final HikariDataSource pool;
    private final String schemaVersion;
    /** The last failed read / write that has not been followed by a successful one; null when none. */
    private volatile StoreFault readFault, writeFault;

    /**
     * For tests of other bundles: the store on the embedded H2 file under {@code karaf.data} (url empty) or at a URL.
     */
    public static JdbcDocumentStore open(String url, String user, String password) {
        return new JdbcDocumentStore(StoreSettings.of(url, user, password, 4, Path.of(System.getProperty("karaf.data", "data"))));
    }

    /** Opens the pool and migrates the schema; throws UNAVAILABLE (and leaves nothing open) when either fails. */
    JdbcDocumentStore(StoreSettings settings) {
        this.settings = settings;
        HikariDataSource ds = null;
        try {
            ds = new HikariDataSource(poolConfig(settings));
            MigrateResult r = Flyway.configure(JdbcDocumentStore.class.getClassLoader())
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    .table("kiln_schema_history")
                    .failOnMissingLocations(true)
                    .loggers("slf4j")
                    .load()
                    .migrate();
            this.schemaVersion = r.targetSchemaVersion != null ? r.targetSchemaVersion : r.initialSchemaVersion;
            LOG.info("Kiln store: {}, schema version {} ({} migration(s) applied now), pool of {}", settings.describe(),
                    schemaVersion, r.migrationsExecuted, settings.poolSize());
        } catch (RuntimeException e) {
            if (ds != null) ds.close();
            throw new KilnException(KilnException.Kind.UNAVAILABLE, "cannot open " + settings.describe() + ": "
                    + StoreFault.rootMessage(e).replaceFirst("^Failed to initialize pool: ", "")
                    + " (check url, user and password in " + StoreSettings.FILE + ")", e);
        }
        this.pool = ds;
    }

    private static HikariConfig poolConfig(StoreSettings s) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("kiln-store");
        c.setDataSource(s.dataSource());
        c.setMaximumPoolSize(s.poolSize());
        c.setMinimumIdle(Math.min(2, s.poolSize()));
        c.setAutoCommit(false);
        c.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        c.setConnectionTimeout(10_000);
        // fail the activation at once when the database cannot be reached, with the driver's reason
        c.setInitializationFailTimeout(1);
        return c;
    }

    /** The schema version Flyway reports, e.g. "1". */
    String schemaVersion() {
        return schemaVersion;
    }

    @Override
    public void close() {
        pool.close();
        LOG.info("Kiln store closed: {}", settings.describe());
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Optional<Document> get(String kind, String name) {
        checkKind(kind);
        checkName(name);
        return tx(Access.READ, "read " + kind + " '" + name + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT kind, name, version, body, updated FROM document WHERE kind = ? AND name = ? AND body IS NOT NULL")) {
                ps.setString(1, kind);
                ps.setString(2, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(document(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Document> list(String kind) {
        checkKind(kind);
        return tx(Access.READ, "list " + kind, c -> {
            List<Document> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT kind, name, version, body, updated FROM document WHERE kind = ? AND body IS NOT NULL")) {
                ps.setString(1, kind);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(document(rs));
                }
            }
            // sorted here, not by the database: H2 and PostgreSQL collations order names differently
            out.sort(Comparator.comparing(Document::name));
            return List.copyOf(out);
        });
    }

    @Override
    public Optional<Document> findByKey(String kind, String key, String value) {
        checkKind(kind);
        checkKey(key, value);
        return tx(Access.READ, "look up " + kind + " by " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT d.kind, d.name, d.version, d.body, d.updated FROM document_key k"
                            + " JOIN document d ON d.kind = k.kind AND d.name = k.name"
                            + " WHERE k.kind = ? AND k.key_name = ? AND k.key_value = ? AND d.body IS NOT NULL")) {
                ps.setString(1, kind);
                ps.setString(2, key);
                ps.setString(3, value);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(document(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public long revision() {
        // every write bumps one row's version by one (a new row starts at 1, a delete leaves a tombstone): the sum
        // counts writes without a counter row that every writer would have to lock
        return tx(Access.READ, "read the revision", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(version), 0) FROM document");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** The embedded H2 file is opened by this process alone (H2 locks it); any configured URL may be shared. */
    @Override
    public boolean shared() {
        return settings.h2File() == null;
    }

    @Override
    public long revision(java.util.Collection<String> kinds) {
        if (kinds.isEmpty()) return 0;
        for (String k : kinds) checkKind(k);
        String marks = String.join(", ", java.util.Collections.nCopies(kinds.size(), "?"));
        return tx(Access.READ, "read the revision of " + kinds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(version), 0) FROM document WHERE kind IN (" + marks + ")")) {
                int i = 1;
                for (String k : kinds) ps.setString(i++, k);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static Document document(ResultSet rs) throws SQLException {
        return new Document(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class).toInstant());
    }

    // ---------------------------------------------------------------- writes

    @Override
    public Document put(String kind, String name, long expectedVersion, String json, Map<String, Set<String>> keys) {
        Change change = new Change(Change.Op.PUT, kind, name, expectedVersion, json, keys);
        check(change);
        return tx(Access.WRITE, "write " + kind + " '" + name + "'", c -> {
            Instant now = now();
            Document d = write(c, change, now);
            replaceKeys(c, List.of(change));
            return d;
        });
    }

    @Override
    public void delete(String kind, String name, long expectedVersion) {
        Change change = Change.delete(kind, name, expectedVersion);
        check(change);
        tx(Access.WRITE, "delete " + kind + " '" + name + "'", c -> {
            write(c, change, now());
            replaceKeys(c, List.of(change));
            return null;
        });
    }

    @Override
    public List<Document> apply(List<Change> changes) {
        if (changes == null) throw KilnException.invalid("no changes given");
        if (changes.isEmpty()) return List.of();
        Set<String> seen = new HashSet<>();
        for (Change ch : changes) {
            if (ch == null) throw KilnException.invalid("a batch may not contain null changes");
            check(ch);
            if (!seen.add(ch.kind() + '\u0000' + ch.name())) {
                throw KilnException.invalid("the batch changes " + ch.kind() + " '" + ch.name() + "' more than once");
            }
        }
        // one lock order for every batch: concurrent batches wait for each other instead of deadlocking
        List<Change> ordered = new ArrayList<>(changes);
        ordered.sort(Comparator.comparing(Change::kind).thenComparing(Change::name));
        Map<String, Document> stored = tx(Access.WRITE, "apply a batch of " + changes.size() + " change(s)", c -> {
            Instant now = now();
            Map<String, Document> docs = new HashMap<>();
            if (ordered.size() >= BULK) {
                writeMany(c, ordered, now, docs);
            } else {
                for (Change ch : ordered) {
                    Document d = write(c, ch, now);
                    if (d != null) docs.put(ch.kind() + '\u0000' + ch.name(), d);
                }
                replaceKeys(c, ordered);
            }
            return docs;
        });
        List<Document> out = new ArrayList<>();
        for (Change ch : changes) {
            Document d = stored.get(ch.kind() + '\u0000' + ch.name());
            if (d != null) out.add(d);
        }
        return List.copyOf(out);
    }

    /** The row of a document as locked for writing: absent, deleted (a tombstone) or live. */
    private record Row(long version, boolean live) { }

    /** From this many changes on, a batch takes {@link #writeMany}: a few round trips instead of several per document. */
    static final int BULK = 64;

    /** Writes one document row after checking the expected version; returns what was stored (null for a delete). */
    private Document write(Connection c, Change ch, Instant now) throws SQLException {
        String what = ch.kind() + " '" + ch.name() + "'";
        Row row = lockRow(c, ch.kind(), ch.name());
        checkExpected(ch, row);
        boolean live = row != null && row.live();
        if (ch.op() == Change.Op.DELETE) {
            if (!live) return null; // ANY_VERSION of nothing: already as wanted
            update(c, ch, row.version(), null, now);
            return null;
        }
        if (row == null) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO document (kind, name, version, body, updated) VALUES (?, ?, 1, ?, ?)")) {
                ps.setString(1, ch.kind());
                ps.setString(2, ch.name());
                ps.setString(3, ch.json());
                ps.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                ps.executeUpdate();
            } catch (SQLException e) {
                if (isUniqueViolation(e)) {
                    throw KilnException.conflict(what + " was created by someone else at the same time: reload and retry");
                }
                throw e;
            }
            return new Document(ch.kind(), ch.name(), 1, ch.json(), now);
        }
        update(c, ch, row.version(), ch.json(), now);
        return new Document(ch.kind(), ch.name(), row.version() + 1, ch.json(), now);
    }

    /** Refuses a change whose expected version does not match the locked row (null: no row). */
    private static void checkExpected(Change ch, Row row) {
        String what = ch.kind() + " '" + ch.name() + "'";
        long expected = ch.expectedVersion();
        boolean live = row != null && row.live();
        if (expected == MUST_NOT_EXIST && live) {
            throw KilnException.conflict(what + " already exists (version " + row.version() + ")");
        }
        if (expected > 0) {
            if (!live) {
                throw KilnException.notFound(what + (row == null ? " does not exist"
                        : " was deleted by someone else (you had version " + expected + ")"));
            }
            if (row.version() != expected) {
                throw KilnException.conflict(what + " was changed by someone else (version " + row.version() + ", you had "
                        + expected + "): reload and retry");
            }
        }
    }

    /**
     * A large batch (a GitOps import) in a few round trips instead of several per document: the rows of its kinds
     * locked with one query per kind, inserts and updates sent as JDBC batches, keys checked against one read of
     * the kinds' keys. Same checks and messages as the one-by-one path.
     */
    private void writeMany(Connection c, List<Change> ordered, Instant now, Map<String, Document> docs) throws SQLException {
        Map<String, Row> rows = new HashMap<>();
        java.util.TreeSet<String> kinds = new java.util.TreeSet<>();
        for (Change ch : ordered) kinds.add(ch.kind());
        try (PreparedStatement ps = c.prepareStatement("SELECT name, version, body IS NOT NULL FROM document WHERE kind = ? FOR UPDATE")) {
            for (String kind : kinds) {
                ps.setString(1, kind);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) rows.put(kind + '\u0000' + rs.getString(1), new Row(rs.getLong(2), rs.getBoolean(3)));
                }
            }
        }
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        List<Change> updated = new ArrayList<>();
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO document (kind, name, version, body, updated) VALUES (?, ?, 1, ?, ?)");
             PreparedStatement upd = c.prepareStatement(
                     "UPDATE document SET version = ?, body = ?, updated = ? WHERE kind = ? AND name = ? AND version = ?")) {
            int inserts = 0;
            for (Change ch : ordered) {
                Row row = rows.get(ch.kind() + '\u0000' + ch.name());
                checkExpected(ch, row);
                if (ch.op() == Change.Op.DELETE && (row == null || !row.live())) continue; // already as wanted
                if (ch.op() == Change.Op.PUT) {
                    docs.put(ch.kind() + '\u0000' + ch.name(), new Document(ch.kind(), ch.name(), row == null ? 1 : row.version() + 1, ch.json(), now));
                }
                if (row == null) {
                    ins.setString(1, ch.kind());
                    ins.setString(2, ch.name());
                    ins.setString(3, ch.json());
                    ins.setObject(4, at);
                    ins.addBatch();
                    inserts++;
                } else {
                    upd.setLong(1, row.version() + 1);
                    upd.setString(2, ch.op() == Change.Op.DELETE ? null : ch.json());
                    upd.setObject(3, at);
                    upd.setString(4, ch.kind());
                    upd.setString(5, ch.name());
                    upd.setLong(6, row.version());
                    upd.addBatch();
                    updated.add(ch);
                }
            }
            try {
                if (inserts > 0) ins.executeBatch();
            } catch (SQLException e) {
                if (isUniqueViolation(e)) throw KilnException.conflict("a document of this batch was created by someone else at the same time: reload and retry");
                throw e;
            }
            if (!updated.isEmpty()) {
                int[] counts = upd.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    // the rows are locked, so a count other than 1 means someone changed one anyway
                    if (counts[i] != 1 && counts[i] != java.sql.Statement.SUCCESS_NO_INFO) {
                        Change ch = updated.get(i);
                        throw KilnException.conflict(ch.kind() + " '" + ch.name() + "' was changed by someone else at the same time: reload and retry");
                    }
                }
            }
        }
        replaceKeysMany(c, ordered, kinds);
    }

    /** {@link #replaceKeys} for a large batch: deletes batched, owners read once per kind, inserts batched. */
    private static void replaceKeysMany(Connection c, List<Change> changes, java.util.Set<String> kinds) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM document_key WHERE kind = ? AND name = ?")) {
            for (Change ch : changes) {
                del.setString(1, ch.kind());
                del.setString(2, ch.name());
                del.addBatch();
            }
            del.executeBatch();
        }
        Map<String, String> owners = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT key_name, key_value, name FROM document_key WHERE kind = ?")) {
            for (String kind : kinds) {
                ps.setString(1, kind);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) owners.put(kind + '\u0000' + rs.getString(1) + '\u0000' + rs.getString(2), rs.getString(3));
                }
            }
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO document_key (kind, key_name, key_value, name) VALUES (?, ?, ?, ?)")) {
            int n = 0;
            for (Change ch : changes) {
                if (ch.op() != Change.Op.PUT) continue;
                for (Map.Entry<String, Set<String>> k : ch.keys().entrySet()) {
                    for (String value : k.getValue().stream().sorted().toList()) {
                        String other = owners.putIfAbsent(ch.kind() + '\u0000' + k.getKey() + '\u0000' + value, ch.name());
                        if (other != null && !other.equals(ch.name())) {
                            throw KilnException.conflict(ch.kind() + " '" + ch.name() + "': " + k.getKey() + " " + value
                                    + " already belongs to " + ch.kind() + " '" + other + "'");
                        }
                        ins.setString(1, ch.kind());
                        ins.setString(2, k.getKey());
                        ins.setString(3, value);
                        ins.setString(4, ch.name());
                        ins.addBatch();
                        n++;
                    }
                }
            }
            try {
                if (n > 0) ins.executeBatch();
            } catch (SQLException e) {
                if (isUniqueViolation(e)) throw KilnException.conflict("a key of this batch was taken by another document at the same time: reload and retry");
                throw e;
            }
        }
    }

    private static Row lockRow(Connection c, String kind, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT version, body IS NOT NULL FROM document WHERE kind = ? AND name = ? FOR UPDATE")) {
            ps.setString(1, kind);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Row(rs.getLong(1), rs.getBoolean(2)) : null;
            }
        }
    }

    /** Bumps the version of a locked row; the version guard makes a lost update impossible even without the lock. */
    private static void update(Connection c, Change ch, long version, String body, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE document SET version = ?, body = ?, updated = ? WHERE kind = ? AND name = ? AND version = ?")) {
            ps.setLong(1, version + 1);
            ps.setString(2, body);
            ps.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            ps.setString(4, ch.kind());
            ps.setString(5, ch.name());
            ps.setLong(6, version);
            if (ps.executeUpdate() != 1) {
                throw KilnException.conflict(ch.kind() + " '" + ch.name() + "' was changed by someone else at the same time: reload and retry");
            }
        }
    }

    /** Removes the keys of every changed document, then inserts the new ones: keys may move within one batch. */
    private static void replaceKeys(Connection c, List<Change> changes) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM document_key WHERE kind = ? AND name = ?")) {
            for (Change ch : changes) {
                del.setString(1, ch.kind());
                del.setString(2, ch.name());
                del.executeUpdate();
            }
        }
        try (PreparedStatement owner = c.prepareStatement(
                "SELECT name FROM document_key WHERE kind = ? AND key_name = ? AND key_value = ?");
             PreparedStatement ins = c.prepareStatement(
                     "INSERT INTO document_key (kind, key_name, key_value, name) VALUES (?, ?, ?, ?)")) {
            for (Change ch : changes) {
                if (ch.op() != Change.Op.PUT) continue;
                for (Map.Entry<String, Set<String>> k : ch.keys().entrySet()) {
                    for (String value : k.getValue().stream().sorted().toList()) {
                        owner.setString(1, ch.kind());
                        owner.setString(2, k.getKey());
                        owner.setString(3, value);
                        try (ResultSet rs = owner.executeQuery()) {
                            if (rs.next()) {
                                throw KilnException.conflict(ch.kind() + " '" + ch.name() + "': " + k.getKey() + " " + value
                                        + " already belongs to " + ch.kind() + " '" + rs.getString(1) + "'");
                            }
                        }
                        ins.setString(1, ch.kind());
                        ins.setString(2, k.getKey());
                        ins.setString(3, value);
                        ins.setString(4, ch.name());
                        try {
                            ins.executeUpdate();
                        } catch (SQLException e) {
                            if (isUniqueViolation(e)) {
                                throw KilnException.conflict(ch.kind() + " '" + ch.name() + "': " + k.getKey() + " " + value
                                        + " was taken by another " + ch.kind() + " at the same time: reload and retry");
                            }
                            throw e;
                        }
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- hosts' events

    @Override
    public List<HostEvent> append(List<HostEvent> batch) {
        if (batch == null) throw KilnException.invalid("no events given");
        if (batch.isEmpty()) return List.of();
        for (HostEvent e : batch) {
            if (e == null) throw KilnException.invalid("a batch of events may not contain null");
            checkHost(e.host());
            if (e.detail().length() > MAX_DETAIL) {
                throw KilnException.invalid("the detail of a " + e.type() + " event of host '" + e.host() + "' is longer than " + MAX_DETAIL + " characters");
            }
        }
        return tx(Access.WRITE, "store " + batch.size() + " event(s)", c -> {
            List<HostEvent> stored = new ArrayList<>(batch.size());
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO host_event (host, at, source, type, detail) VALUES (?, ?, ?, ?, ?)", new String[] {"id"})) {
                for (HostEvent e : batch) {
                    ps.setString(1, e.host());
                    // cut to the microseconds both databases keep (they would round): what append returns is what read gives
                    ps.setObject(2, OffsetDateTime.ofInstant(e.at().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
                    ps.setString(3, e.source().name());
                    ps.setString(4, e.type());
                    ps.setString(5, e.detail());
                    ps.addBatch();
                }
                ps.executeBatch();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    for (HostEvent e : batch) {
                        if (!keys.next()) throw new SQLException("the database returned fewer ids than events inserted (" + stored.size() + " of " + batch.size() + ")");
                        stored.add(new HostEvent(keys.getLong(1), e.host(), e.at().truncatedTo(ChronoUnit.MICROS), e.source(), e.type(), e.detail()));
                    }
                }
            }
            return List.copyOf(stored);
        });
    }

    @Override
    public List<HostEvent> read(String host, long afterId, int limit) {
        if (host != null) checkHost(host);
        checkLimit(limit);
        return tx(Access.READ, "read events" + (host == null ? "" : " of host '" + host + "'"), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, host, at, source, type, detail FROM host_event WHERE "
                    + (host == null ? "" : "host = ? AND ") + "id > ? ORDER BY id LIMIT ?")) {
                int i = 1;
                if (host != null) ps.setString(i++, host);
                ps.setLong(i++, afterId);
                ps.setInt(i, limit);
                return events(ps);
            }
        });
    }

    @Override
    public List<HostEvent> newest(String host, int limit) {
        if (host != null) checkHost(host);
        checkLimit(limit);
        return tx(Access.READ, "read events" + (host == null ? "" : " of host '" + host + "'"), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, host, at, source, type, detail FROM host_event"
                    + (host == null ? "" : " WHERE host = ?") + " ORDER BY id DESC LIMIT ?")) {
                int i = 1;
                if (host != null) ps.setString(i++, host);
                ps.setInt(i, limit);
                List<HostEvent> out = new ArrayList<>(events(ps));
                Collections.reverse(out);
                return List.copyOf(out);
            }
        });
    }

    @Override
    public long prune(Instant olderThan, int keepPerHost) {
        if (olderThan == null) throw KilnException.invalid("prune needs the time before which events are deleted");
        if (keepPerHost < 1) throw KilnException.invalid("events kept per host must be 1 or more, was " + keepPerHost);
        return tx(Access.WRITE, "delete old events", c -> {
            long deleted;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM host_event WHERE at < ?")) {
                ps.setObject(1, OffsetDateTime.ofInstant(olderThan, ZoneOffset.UTC));
                deleted = ps.executeUpdate();
            }
            // per host, through the (host, id) index: the id of its (keep + 1)-th newest event, and all up to it
            List<String> crowded = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT host FROM host_event GROUP BY host HAVING COUNT(*) > ?")) {
                ps.setInt(1, keepPerHost);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) crowded.add(rs.getString(1));
                }
            }
            try (PreparedStatement cut = c.prepareStatement("SELECT id FROM host_event WHERE host = ? ORDER BY id DESC LIMIT 1 OFFSET ?");
                 PreparedStatement del = c.prepareStatement("DELETE FROM host_event WHERE host = ? AND id <= ?")) {
                for (String h : crowded) {
                    cut.setString(1, h);
                    cut.setInt(2, keepPerHost);
                    try (ResultSet rs = cut.executeQuery()) {
                        if (!rs.next()) continue;
                        del.setString(1, h);
                        del.setLong(2, rs.getLong(1));
                    }
                    deleted += del.executeUpdate();
                }
            }
            return deleted;
        });
    }

    private static List<HostEvent> events(PreparedStatement ps) throws SQLException {
        List<HostEvent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                EventSource source;
                try {
                    source = EventSource.valueOf(rs.getString(4));
                } catch (IllegalArgumentException e) {
                    // written by a newer Kiln sharing this database: its sources are not known here
                    LOG.debug("event {} has source '{}', unknown to this Kiln: not shown", rs.getLong(1), rs.getString(4));
                    continue;
                }
                out.add(new HostEvent(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(), source,
                        rs.getString(5), rs.getString(6)));
            }
        }
        return List.copyOf(out);
    }

    private static void checkHost(String host) {
        if (host == null || host.isBlank() || host.length() > MAX_NAME) {
            throw KilnException.invalid("host name must be 1-" + MAX_NAME + " characters, was '" + host + "'");
        }
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_READ) throw KilnException.invalid("limit must be 1-" + MAX_READ + ", was " + limit);
    }

    // ---------------------------------------------------------------- dump and restore

    /**
     * Every row at one revision, read in one REPEATABLE READ transaction: consistent while others write, online.
     */
    StoreDump dump() {
        return tx(Access.READ, "read the whole store", c -> {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            List<StoreDump.Row> rows = new ArrayList<>();
            long revision = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT kind, name, version, body, updated FROM document ORDER BY kind, name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new StoreDump.Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                            rs.getObject(5, OffsetDateTime.class).toInstant()));
                    revision += rs.getLong(3);
                }
            }
            List<StoreDump.KeyRow> keys = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT kind, key_name, key_value, name FROM document_key ORDER BY kind, key_name, key_value");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) keys.add(new StoreDump.KeyRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
            return new StoreDump(revision, Instant.now(), settings.describe(), rows, keys);
        });
    }

    /**
     * Writes a dump into this store, which must hold nothing yet (a new appliance, or a new database): all of it
     * in one transaction, or nothing.
     */
    void restore(StoreDump dump) {
        tx(Access.WRITE, "restore " + dump.documents().size() + " document(s)", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM document"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                long n = rs.getLong(1);
                if (n > 0) throw new KilnException(KilnException.Kind.CONFLICT, "cannot restore into " + settings.describe()
                        + ": it already holds " + n + " document(s); restore into a new, empty store (see the README's backup and"
                        + " restore)", null);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO document (kind, name, version, body, updated) VALUES (?, ?, ?, ?, ?)")) {
                for (StoreDump.Row r : dump.documents()) {
                    ps.setString(1, r.kind());
                    ps.setString(2, r.name());
                    ps.setLong(3, r.version());
                    ps.setString(4, r.body());
                    ps.setObject(5, OffsetDateTime.ofInstant(r.updated(), ZoneOffset.UTC));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO document_key (kind, key_name, key_value, name) VALUES (?, ?, ?, ?)")) {
                for (StoreDump.KeyRow k : dump.keys()) {
                    ps.setString(1, k.kind());
                    ps.setString(2, k.key());
                    ps.setString(3, k.value());
                    ps.setString(4, k.name());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- plumbing

    /** SQL run by {@link #withConnection}. */
    @FunctionalInterface
    interface SqlAction {
        void run(Connection c) throws SQLException;
    }

    /** For tests and diagnostics: runs SQL on a pooled connection in one transaction. */
    void withConnection(SqlAction action) {
        tx(Access.WRITE, "run SQL", c -> {
            action.run(c);
            return null;
        });
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Whether a transaction only reads: its fault is kept apart from the writes' (a full disk still reads). */
    private enum Access { READ, WRITE }

    /** Runs work in one transaction: committed if it returns, rolled back if it throws. */
    private <T> T tx(Access access, String what, Work<T> work) {
        boolean write = access == Access.WRITE;
        try (Connection c = pool.getConnection()) {
            try {
                T result = work.run(c);
                c.commit();
                if (write) writeFault = null;
                else readFault = null;
                // the database answers again: a write that failed only for want of it is no fault any more
                StoreFault w = writeFault;
                if (w != null && w.unreachable()) writeFault = null;
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                if (e instanceof SQLException x && StoreFault.databaseClosed(x)) evict(c);
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            }
        } catch (SQLException e) {
            KilnException k = translate(what, e);
            if (k.kind() == KilnException.Kind.UNAVAILABLE) {
                StoreFault f = new StoreFault(what, StoreFault.rootMessage(e), Instant.now(), StoreFault.unreachable(e));
                if (write) writeFault = f;
                else readFault = f;
            }
            throw k;
        }
    }

    /**
     * Drops every pooled connection to a database that closed itself: H2 closes the database when a write fails
     * (a full disk) yet its connections still pass the pool's validity check, so without this every later
     * transaction would fail "The database has been closed" until a restart. The next connection reopens the file.
     */
    private void evict(Connection c) {
        LOG.warn("Kiln store: {} closed itself; reopening it on the next connection", settings.describe());
        pool.evictConnection(c);
        var mx = pool.getHikariPoolMXBean();
        if (mx != null) mx.softEvictConnections();
    }

    /** The last read and write that failed and have not succeeded since (none: empty). */
    List<StoreFault> faults() {
        List<StoreFault> out = new ArrayList<>(2);
        StoreFault w = writeFault, r = readFault;
        if (w != null) out.add(w);
        if (r != null) out.add(r);
        return out;
    }

    /** What the store runs on and where, for its health line. */
    StoreSettings settings() {
        return settings;
    }

    /** Maps database errors to what a caller can act on. */
    private KilnException translate(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        // 40001 serialization failure, 40P01 deadlock (PostgreSQL); 55P03 lock_not_available; HYT00 H2 lock timeout
        if (state.startsWith("40") || state.equals("55P03") || state.equals("HYT00") || isUniqueViolation(e)) {
            return new KilnException(KilnException.Kind.CONFLICT, "cannot " + what + ": changed by someone else at the same time"
                    + " (" + e.getMessage() + "): reload and retry", e);
        }
        String hint = e instanceof SQLTransientConnectionException || state.startsWith("08")
                ? " (database unreachable or all " + settings.poolSize() + " connections busy)" : "";
        return new KilnException(KilnException.Kind.UNAVAILABLE, "cannot " + what + " in " + settings.describe() + ": "
                + StoreFault.rootMessage(e) + hint + "; nothing was changed", e);
    }

    private static boolean isUniqueViolation(SQLException e) {
        // a batch reports the failing statement's error as the next exception (H2) or as itself (PostgreSQL)
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if ("23505".equals(x.getSQLState())) return true;
            if (x.getCause() instanceof SQLException cause && "23505".equals(cause.getSQLState())) return true;
        }
        return false;
    }

    /** Microseconds, the precision both databases keep: what put returns is what get reads. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static void check(Change ch) {
        checkKind(ch.kind());
        checkName(ch.name());
        long v = ch.expectedVersion();
        if (v < ANY_VERSION) throw KilnException.invalid("expected version " + v + " of " + ch.kind() + " '" + ch.name()
                + "' is not valid: use the version read, 0 to create, or -1 for any");
        if (ch.op() == Change.Op.DELETE && v == MUST_NOT_EXIST) {
            throw KilnException.invalid("cannot delete " + ch.kind() + " '" + ch.name() + "' expecting it not to exist (version 0)");
        }
        ch.keys().forEach((k, values) -> values.forEach(val -> checkKey(k, val)));
    }

    private static void checkKind(String kind) {
        if (kind == null || kind.isBlank() || kind.length() > MAX_KIND) {
            throw KilnException.invalid("document kind must be 1-" + MAX_KIND + " characters, was '" + kind + "'");
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            throw KilnException.invalid("document name must be 1-" + MAX_NAME + " characters, was '" + name + "'");
        }
    }

    private static void checkKey(String key, String value) {
        if (key == null || key.isBlank() || key.length() > MAX_KEY) {
            throw KilnException.invalid("key name must be 1-" + MAX_KEY + " characters, was '" + key + "'");
        }
        if (value == null || value.isBlank() || value.length() > MAX_VALUE) {
            throw KilnException.invalid("value of key '" + key + "' must be 1-" + MAX_VALUE + " characters, was '" + value + "'");
        }
    }
}
