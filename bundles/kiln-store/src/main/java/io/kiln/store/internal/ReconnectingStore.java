package io.kiln.store.internal;

import io.kiln.api.KilnException;
import io.kiln.api.events.HostEvent;
import io.kiln.api.status.Health;
import io.kiln.api.status.HealthReport;
import io.kiln.api.store.BackupSummary;
import io.kiln.api.store.Change;
import io.kiln.api.store.Document;
import io.kiln.api.store.DocumentStore;
import io.kiln.api.store.EventLog;
import io.kiln.api.store.StoreBackup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kiln's document store service: always registered, so the inventory, the commands and the REST API stay up (and
 * can say what is wrong) while the database cannot be reached. It opens the {@link JdbcDocumentStore} when it
 * starts and, while that fails (PostgreSQL not up yet, a bad setting), every operation fails UNAVAILABLE with the
 * reason and the store tries again with backoff (1 s doubling to 30 s) until it opens; no restart needed.
 *
 * <p>Of a shared database (PostgreSQL) it keeps a {@link LocalCopy} on the appliance's disk, refreshed within
 * {@link #COPY_EVERY} of a write; while the database cannot be opened, reads are served from that copy (writes
 * still fail), so the inventory loads and machines boot even when PostgreSQL is down as Kiln starts.
 *
 * <p>It is also the {@link EventLog}: hosts' events go to the same database, and while it is not open every call
 * fails UNAVAILABLE (the local copy holds documents only); kiln-events keeps its queue meanwhile.
 */
@Component(service = {DocumentStore.class, EventLog.class, StoreBackup.class, HealthReport.class}, configurationPid = "io.kiln.store",
        immediate = true)
@Designate(ocd = ReconnectingStore.Config.class)
public class ReconnectingStore implements DocumentStore, EventLog, StoreBackup, HealthReport {

    /** The settings in etc/io.kiln.store.cfg, for Karaf's config commands; read by {@link StoreSettings#fromConfig}. */
    @ObjectClassDefinition(name = "Kiln store", description = "The database behind Kiln's inventory: embedded H2 by default, PostgreSQL by URL")
    public @interface Config {
        @AttributeDefinition(description = "JDBC URL. Empty: embedded H2 file ${karaf.data}/kiln/kiln-db."
                + " PostgreSQL: jdbc:postgresql://HOST:PORT/DATABASE", required = false)
        String url() default "";

        @AttributeDefinition(description = "Database user (embedded H2: sa when empty)", required = false)
        String user() default "";

        @AttributeDefinition(description = "Database password. Kept in etc/ in plain text for now: restrict the file's"
                + " permissions, and prefer PostgreSQL's own authentication (peer, ~/.pgpass, client certificates)",
                type = AttributeType.PASSWORD, required = false)
        String password() default "";

        @AttributeDefinition(description = "Most pooled database connections", min = "1", max = "200")
        int poolSize() default 8;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ReconnectingStore.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1), LONGEST_RETRY = Duration.ofSeconds(30);
    /** How often the local copy is brought up to date when the database changed. */
    static final Duration COPY_EVERY = Duration.ofSeconds(5);

    private final StoreSettings settings;
    /** Why the settings cannot be used (null when they can): the store then stays down until the file is fixed. */
    private final String configError;
    private final List<String> warnings;
    private final Clock clock;
    private final Duration firstRetry;
    private final ScheduledExecutorService retries;
    private volatile JdbcDocumentStore open;
    /** While not open: the last attempt's reason, how many failed, since when, and when the next one runs. */
    private volatile Attempts failing;
    /** Where the local copy of a shared database lives (null: none kept), and the copy served while not open. */
    private final Path copyFile;
    private volatile LocalCopy copy;
    /** The revision the file holds; -1 = not written by this run; touched by the retries thread only. */
    private long copiedRevision = -1;
    private String copyFault;
    private boolean closed; // guarded by this

    private record Attempts(String reason, int count, Instant since, Instant next) {
    }

    @Activate
    public ReconnectingStore(Map<String, Object> config) {
        this(config, Path.of(System.getProperty("karaf.data", "data")), Clock.systemUTC(), FIRST_RETRY);
    }

    ReconnectingStore(Map<String, Object> config, Path dataDir, Clock clock, Duration firstRetry) {
        this.clock = clock;
        this.firstRetry = firstRetry;
        StoreSettings s = null;
        String error = null;
        List<String> w = List.of();
        Path copyAt = null;
        try {
            StoreSettings.Read read = StoreSettings.fromConfig(config, dataDir);
            s = read.settings();
            w = read.warnings();
            copyAt = read.localCopy();
            w.forEach(LOG::warn);
        } catch (KilnException e) {
            error = e.getMessage();
            LOG.error("Kiln store not started: {} (fix the file; it is read again when saved)", error);
        }
        this.settings = s;
        this.configError = error;
        this.warnings = w;
        this.copyFile = copyAt;
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kiln-store-connect");
            t.setDaemon(true);
            return t;
        });
        if (settings != null) attempt();
        if (open == null && copyFile != null && Files.exists(copyFile)) {
            try {
                copy = new LocalCopy(StoreDump.read(copyFile), copyFile);
                LOG.warn("Kiln store: serving reads from {} until the database opens; writes wait for it", copy.describe());
            } catch (KilnException e) {
                LOG.error("Kiln store: the local copy cannot be used: {}", e.getMessage());
            }
        }
        if (copyFile != null) retries.scheduleWithFixedDelay(this::refreshCopy, 0, COPY_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Writes the local copy when the database changed since it was last written; on the retries thread. */
    private void refreshCopy() {
        JdbcDocumentStore s = open;
        if (s == null) return;
        StoreDump d;
        try {
            long rev = s.revision();
            if (rev == copiedRevision) return;
            d = s.dump();
        } catch (KilnException e) {
            return; // the database is away: the store's own health says so; the copy keeps what it has
        }
        try {
            d.writeAtomically(copyFile);
            copiedRevision = d.revision();
            if (copyFault != null) LOG.info("Kiln store: local copy {} written again", copyFile);
            copyFault = null;
        } catch (java.io.IOException | RuntimeException e) {
            if (copyFault == null) LOG.warn("Kiln store: cannot write the local copy {}: {} (will retry)", copyFile, e.getMessage());
            copyFault = "cannot write the local copy " + copyFile + ": " + e.getMessage();
        }
    }

    /** One attempt to open the store; schedules the next when it fails. */
    private void attempt() {
        JdbcDocumentStore s;
        try {
            s = new JdbcDocumentStore(settings);
        } catch (RuntimeException e) {
            failed(e.getMessage());
            return;
        }
        synchronized (this) {
            if (closed) {
                s.close();
                return;
            }
            Attempts before = failing;
            open = s;
            failing = null;
            copy = null;
            if (before != null) LOG.info("Kiln store open after {} failed attempt(s) since {}", before.count(), before.since());
        }
    }

    private synchronized void failed(String reason) {
        if (closed) return;
        Attempts before = failing;
        int count = before == null ? 1 : before.count() + 1;
        Duration wait = backoff(firstRetry, count);
        Instant now = clock.instant();
        failing = new Attempts(reason, count, before == null ? now : before.since(), now.plus(wait));
        // one ERROR line when it starts failing or the reason changes, not one per retry
        if (before == null || !before.reason().equals(reason)) {
            LOG.error("Kiln store: {}; retrying every {} s at most until it opens (kiln:status shows the state)", reason,
                    LONGEST_RETRY.toSeconds());
        } else {
            LOG.debug("Kiln store: attempt {} failed: {}", count, reason);
        }
        retries.schedule(this::attempt, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The wait after the {@code failures}-th failure in a row: first, doubled each time, at most 30 s. */
    static Duration backoff(Duration first, int failures) {
        long ms = first.toMillis() << Math.min(Math.max(failures - 1, 0), 20);
        return Duration.ofMillis(Math.min(ms, LONGEST_RETRY.toMillis()));
    }

    @Deactivate
    public void close() {
        JdbcDocumentStore s;
        synchronized (this) {
            closed = true;
            s = open;
            open = null;
        }
        retries.shutdownNow();
        if (s != null) s.close();
    }

    /** The open store, or UNAVAILABLE saying why there is none. */
    private JdbcDocumentStore store() {
        JdbcDocumentStore s = open;
        if (s != null) return s;
        LocalCopy c = copy;
        throw new KilnException(KilnException.Kind.UNAVAILABLE, notOpen() + (c == null ? "" : "; only reads are served, from " + c.describe()));
    }

    /** The local copy to read from while the database cannot be opened; null when it is open or there is none. */
    private LocalCopy readCopy() {
        return open == null ? copy : null;
    }

    private String notOpen() {
        if (configError != null) return "the store is not configured: " + configError;
        Attempts a = failing;
        if (a == null) return "the store is closed";
        long in = Math.max(0, Duration.between(clock.instant(), a.next()).toSeconds());
        return "the store cannot be opened: " + a.reason() + " (failing since " + a.since() + ", " + a.count()
                + " attempt(s), next in " + in + " s)";
    }

    // ---------------------------------------------------------------- health

    @Override
    public String subsystem() {
        return "store";
    }

    @Override
    public Health health() {
        LocalCopy c = readCopy();
        if (c != null) return Health.degraded(notOpen() + "; serving reads from " + c.describe() + "; writes wait for the database");
        if (open == null) return Health.down(notOpen());
        List<String> why = new ArrayList<>();
        String cf = copyFault;
        if (cf != null) why.add(cf);
        for (StoreFault f : open.faults()) {
            why.add("cannot " + f.what() + " since " + f.at() + ": " + f.reason() + freeSpace());
        }
        why.addAll(warnings);
        return why.isEmpty() ? Health.up() : Health.degraded(String.join("; ", why));
    }

    /** For the embedded database: how much room its disk has left, the usual cause of its write faults. */
    private String freeSpace() {
        Path f = settings.h2File();
        if (f == null) return "";
        try {
            Path dir = f.getParent();
            long free = Files.getFileStore(dir).getUsableSpace();
            return " (" + dir + " has " + (free / (1024 * 1024)) + " MiB free)";
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }

    // ---------------------------------------------------------------- the store

    @Override
    public Optional<Document> get(String kind, String name) {
        LocalCopy c = readCopy();
        return c != null ? c.get(kind, name) : store().get(kind, name);
    }

    @Override
    public List<Document> list(String kind) {
        LocalCopy c = readCopy();
        return c != null ? c.list(kind) : store().list(kind);
    }

    @Override
    public Optional<Document> findByKey(String kind, String key, String value) {
        LocalCopy c = readCopy();
        return c != null ? c.findByKey(kind, key, value) : store().findByKey(kind, key, value);
    }

    @Override
    public Document put(String kind, String name, long expectedVersion, String json, Map<String, Set<String>> keys) {
        return store().put(kind, name, expectedVersion, json, keys);
    }

    @Override
    public void delete(String kind, String name, long expectedVersion) {
        store().delete(kind, name, expectedVersion);
    }

    @Override
    public List<Document> apply(List<Change> changes) {
        return store().apply(changes);
    }

    @Override
    public long revision() {
        LocalCopy c = readCopy();
        return c != null ? c.revision() : store().revision();
    }

    @Override
    public boolean shared() {
        return store().shared();
    }

    @Override
    public long revision(java.util.Collection<String> kinds) {
        LocalCopy c = readCopy();
        return c != null ? c.revision() : store().revision(kinds);
    }

    // ---------------------------------------------------------------- hosts' events

    @Override
    public List<HostEvent> append(List<HostEvent> batch) {
        return store().append(batch);
    }

    @Override
    public List<HostEvent> read(String host, long afterId, int limit) {
        return store().read(host, afterId, limit);
    }

    @Override
    public List<HostEvent> newest(String host, int limit) {
        return store().newest(host, limit);
    }

    @Override
    public long prune(Instant olderThan, int keepPerHost) {
        return store().prune(olderThan, keepPerHost);
    }

    // ---------------------------------------------------------------- backup

    @Override
    public BackupSummary backup(java.io.OutputStream out) {
        StoreDump d = store().dump();
        try {
            d.write(out);
        } catch (java.io.IOException e) {
            throw new KilnException(KilnException.Kind.UNAVAILABLE, "cannot write the backup: " + e.getMessage(), e);
        }
        LOG.info("Kiln store: backed up {} document(s) at revision {}", d.liveDocuments(), d.revision());
        return summary(d);
    }

    @Override
    public BackupSummary restore(java.io.InputStream in) {
        JdbcDocumentStore s = store();
        StoreDump d;
        try {
            d = StoreDump.read(new java.io.BufferedReader(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8)), "the backup");
        } catch (java.io.IOException e) {
            throw KilnException.invalid("cannot read the backup: " + e.getMessage());
        }
        s.restore(d);
        LOG.info("Kiln store: restored {} document(s) of revision {} from a backup of {} taken {}", d.liveDocuments(),
                d.revision(), d.source(), d.taken());
        return summary(d);
    }

    private static BackupSummary summary(StoreDump d) {
        long live = d.liveDocuments();
        return new BackupSummary(live, d.documents().size() - live, d.keys().size(), d.revision(), d.taken(), d.source());
    }

    @Override
    public String describe() {
        return settings != null ? settings.describe() : "the store (not configured)";
    }
}
