package io.kiln.gitops.internal;

import io.kiln.api.KilnException;
import io.kiln.config.ConfigFile;
import io.kiln.api.status.Health;
import io.kiln.api.status.HealthReport;
import io.kiln.api.gitops.ApplyResult;
import io.kiln.api.gitops.DeclarativeInventory;
import io.kiln.api.gitops.InventorySync;
import io.kiln.api.gitops.SyncStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcile loop: polls the configured directory (content digest) or git branch (fetch) and applies it when it
 * differs from what was last attempted. A failed apply leaves the store untouched and is retried when the source
 * changes again (or on every poll when the store was unavailable). Each attempt logs one line.
 *
 * <p>Changes made to the store by other means (commands, REST) are not reverted until the source changes or an
 * apply is run by hand; {@code kiln:inventory-diff} shows them.
 */
@Component(service = {InventorySync.class, HealthReport.class}, configurationPid = InventorySyncImpl.PID, immediate = true)
@Designate(ocd = SyncConfig.class)
public class InventorySyncImpl implements InventorySync, HealthReport {
    static final String PID = "io.kiln.gitops";
    private static final Logger LOG = LoggerFactory.getLogger(InventorySyncImpl.class);

    private final DeclarativeInventory declarative;
    private final Source source;
    private final SyncStatus.Mode mode;
    private final boolean prune;
    private final ScheduledExecutorService timer;
    private final Clock clock = Clock.systemUTC();

    private String attempted;
    private Instant lastCheck, lastApplied, lastErrorTime;
    private String revision, appliedRevision, lastError;
    private ApplyResult lastResult;

    /** etc/io.kiln.gitops.cfg's own problems (a refused value runs on its default, a missing directory), for kiln:status. */
    private final Health health;

    @Activate
    public InventorySyncImpl(@Reference DeclarativeInventory declarative, Map<String, Object> properties) {
        this(declarative, properties, true);
    }

    InventorySyncImpl(DeclarativeInventory declarative, Map<String, ?> properties, boolean schedule) {
        this.declarative = declarative;
        ConfigFile cfg = ConfigFile.of(PID, properties);
        String directory = cfg.string("directory", "");
        int pollSeconds = cfg.integer("pollSeconds", 10, 1, 86400);
        this.prune = cfg.bool("prune", false);
        String gitUrl = cfg.string("gitUrl", "");
        String gitBranch = cfg.string("gitBranch", "main");
        int gitPollSeconds = cfg.integer("gitPollSeconds", 60, 1, 86400);
        String gitCheckoutDir = cfg.string("gitCheckoutDir", "kiln/gitops");
        String gitPath = cfg.string("gitPath", "");
        cfg.unknownKeys();
        long period;
        if (!gitUrl.isEmpty()) {
            mode = SyncStatus.Mode.GIT;
            source = new GitSource(gitUrl, gitBranch.isEmpty() ? "main" : gitBranch,
                    dataPath(gitCheckoutDir.isEmpty() ? "kiln/gitops" : gitCheckoutDir), gitPath);
            period = gitPollSeconds;
            if (!directory.isEmpty()) cfg.warn("directory = '" + directory + "' is ignored: gitUrl is set");
        } else if (!directory.isEmpty()) {
            mode = SyncStatus.Mode.DIRECTORY;
            Path dir = dataPath(directory);
            if (!Files.isDirectory(dir)) cfg.warn("directory: directory '" + dir + "' does not exist");
            source = new DirectorySource(dir);
            period = pollSeconds;
        } else {
            mode = SyncStatus.Mode.OFF;
            source = null;
            period = 0;
        }
        for (String p : cfg.problems()) LOG.warn("{}", p);
        this.health = cfg.health();
        if (source != null && schedule) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "kiln-gitops");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(() -> reconcile(false), 0, period, TimeUnit.SECONDS);
            LOG.info("GitOps: following {} every {} s (prune {})", source.describe(), period, prune);
        } else {
            timer = null;
        }
    }

    /** Relative paths are under Karaf's data directory. */
    static Path dataPath(String p) {
        Path path = Path.of(p.trim());
        return path.isAbsolute() ? path : Path.of(System.getProperty("karaf.data", "data")).resolve(path);
    }

    @Deactivate
    void stop() throws InterruptedException {
        if (timer == null) return;
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Override
    public String subsystem() {
        return "gitops";
    }

    @Override
    public Health health() {
        return health;
    }

    @Override
    public synchronized SyncStatus status() {
        return new SyncStatus(mode, source == null ? "" : source.describe(), prune, lastCheck, revision, appliedRevision, lastApplied,
                lastResult, lastError, lastErrorTime);
    }

    @Override
    public SyncStatus syncNow() {
        if (source == null) throw KilnException.invalid("no directory or gitUrl configured (etc/io.kiln.gitops.cfg): nothing to sync");
        return reconcile(true);
    }

    /** One poll: look at the source, apply it if it changed (or when forced). */
    synchronized SyncStatus reconcile(boolean force) {
        lastCheck = clock.instant();
        Source.Snapshot snap;
        try {
            snap = source.check();
        } catch (Exception e) {
            String msg = "cannot read " + source.describe() + ": " + message(e);
            if (!msg.equals(lastError)) LOG.warn("GitOps: {}", msg);
            fail(msg);
            attempted = null;
            return status();
        }
        if (!force && snap.revision().equals(attempted)) return status();
        attempted = snap.revision();
        revision = snap.revision();
        String rev = mode == SyncStatus.Mode.GIT ? "commit " + abbrev(snap.revision()) : "files " + snap.revision();
        try {
            ApplyResult r = declarative.apply(snap.dir(), prune);
            lastResult = r;
            appliedRevision = snap.revision();
            lastApplied = clock.instant();
            lastError = null;
            lastErrorTime = null;
            LOG.info("GitOps: {} at {} applied: {}", source.describe(), rev, r.summary());
        } catch (KilnException e) {
            fail(e.getMessage());
            if (e.kind() == KilnException.Kind.UNAVAILABLE) attempted = null; // the store, not the files: retry next poll
            LOG.warn("GitOps: {} at {} NOT applied, store unchanged (retried on the next change): {}", source.describe(), rev,
                    e.getMessage().replace("\n  ", " | "));
        } catch (RuntimeException e) {
            fail("internal error: " + e);
            LOG.error("GitOps: {} at {} NOT applied", source.describe(), rev, e);
        }
        return status();
    }

    private void fail(String message) {
        lastError = message;
        lastErrorTime = clock.instant();
    }

    private static String abbrev(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        if (e.getCause() != null && e.getCause() != e && e.getCause().getMessage() != null && (m == null || !m.contains(e.getCause().getMessage()))) {
            m = (m == null ? "" : m + ": ") + e.getCause().getMessage();
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
