package io.kiln.events.internal;

import io.kiln.api.KilnException;
import io.kiln.api.events.EventSource;
import io.kiln.api.events.HostEvent;
import io.kiln.api.events.HostEventListener;
import io.kiln.api.events.HostEvents;
import io.kiln.api.status.Health;
import io.kiln.api.status.HealthReport;
import io.kiln.api.store.EventLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each host's timeline ({@code etc/io.kiln.events.cfg}, applied in place): {@link #record} puts the event into a
 * bounded queue and returns ({@link EventWriter} stores it in batches, keeping the queue while the database is
 * away), old events are deleted on a schedule, and stored events go to the configured webhooks ({@link Webhooks}).
 * What goes wrong (drops, a store that refuses, a failing webhook, a refused setting) is its {@link HealthReport},
 * subsystem {@code events}; nothing of it is ever thrown at a recorder.
 */
@Component(service = {HostEvents.class, HealthReport.class}, immediate = true, configurationPid = EventSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HostEventsImpl.Config.class)
public final class HostEventsImpl implements HostEvents, HealthReport {

    /** The fixed keys of etc/io.kiln.events.cfg, for Karaf's config commands; {@link EventSettings#read} reads them (and webhook.NAME.*). */
    @ObjectClassDefinition(name = "Kiln events", description = "Each host's timeline: how long it is kept, and the webhooks events are sent to"
            + " (webhook.NAME.url, webhook.NAME.secret or webhook.NAME.secretFile, webhook.NAME.types)")
    public @interface Config {
        @AttributeDefinition(description = "Days events are kept (1..3650)")
        int retentionDays() default 30;

        @AttributeDefinition(description = "Events kept per host, the newest (1..1000000)")
        int keepPerHost() default 1000;

        @AttributeDefinition(description = "Minutes between deletions of old events (1..1440)")
        int pruneEveryMinutes() default 60;

        @AttributeDefinition(description = "Events waiting to be stored, at most; more are dropped and counted (100..1000000)")
        int queueSize() default 10_000;

        @AttributeDefinition(description = "Events stored in one transaction, at most (1..5000)")
        int batchSize() default 500;

        @AttributeDefinition(description = "Tries of one webhook delivery, the first included (1..20)")
        int webhookAttempts() default 5;

        @AttributeDefinition(description = "Seconds before a webhook's second try, doubled before each further one, at most 5 min (1..3600)")
        int webhookFirstRetrySeconds() default 2;

        @AttributeDefinition(description = "Seconds one webhook try may take, connecting included (1..300)")
        int webhookTimeoutSeconds() default 10;

        @AttributeDefinition(description = "Deliveries waiting per webhook, at most; more are dropped and counted (1..100000)")
        int webhookQueueSize() default 1000;
    }

    private static final Logger LOG = LoggerFactory.getLogger(HostEventsImpl.class);
    /** Most events one read returns. */
    static final int MAX_LIMIT = 1000;
    /** Longest detail kept (longer ones are cut), and longest host name. */
    static final int MAX_DETAIL = 2000, MAX_HOST = 255;
    /** How long a drop or a refused event keeps the subsystem degraded. */
    static final Duration RECENT = Duration.ofMinutes(15);
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\t]]");

    /** The waits that are not the operator's to set: production's, or a test's shorter ones. */
    record Timing(Duration storeRetry, Duration webhookRetry, Duration pruneCheck) {
        /** Stores tried again after 1 s (doubling to 30 s), webhooks after their setting, retention checked every minute. */
        static final Timing DEFAULT = new Timing(Duration.ofSeconds(1), null, Duration.ofMinutes(1));
    }

    private final EventLog log;
    private final Clock clock;
    private volatile EventSettings settings;
    private final Webhooks webhooks;
    private final EventWriter writer;
    private final ScheduledExecutorService retention;
    private final AtomicLong refused = new AtomicLong(), pruned = new AtomicLong();
    private final List<HostEventListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile String lastRefused;
    private volatile Instant lastRefusedAt, lastPrune;
    private volatile String pruneFault;

    @Activate
    public HostEventsImpl(@Reference EventLog log, Map<String, Object> properties) {
        this(log, properties, Clock.systemUTC(), Timing.DEFAULT);
    }

    HostEventsImpl(EventLog log, Map<String, ?> properties, Clock clock, Timing timing) {
        this.log = log;
        this.clock = clock;
        this.settings = read(properties);
        this.webhooks = new Webhooks(() -> settings, s -> timing.webhookRetry() != null ? timing.webhookRetry() : s.firstRetry(), clock);
        webhooks.configure(settings);
        this.writer = new EventWriter(log, this::stored, () -> settings.queueSize(), () -> settings.batchSize(), timing.storeRetry(), clock);
        this.retention = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kiln-events-retention");
            t.setDaemon(true);
            return t;
        });
        long every = timing.pruneCheck().toMillis();
        retention.scheduleWithFixedDelay(this::pruneIfDue, every, every, TimeUnit.MILLISECONDS);
    }

    private static EventSettings read(Map<String, ?> properties) {
        EventSettings s = EventSettings.read(properties);
        for (String p : s.problems()) LOG.warn("{}", p);
        LOG.info("Kiln events: kept {} days, at most {} per host; {} webhook(s)", s.retention().toDays(), s.keepPerHost(), s.webhooks().size());
        return s;
    }

    /** A changed etc/io.kiln.events.cfg: applied in place, nothing queued is lost. */
    @Modified
    void modified(Map<String, Object> properties) {
        EventSettings s = read(properties);
        settings = s;
        webhooks.configure(s);
    }

    /** Stores what is queued (a few seconds at most), then stops retention and the webhooks. */
    @Deactivate
    void close() {
        retention.shutdownNow();
        writer.close();
        webhooks.close();
    }

    /** Live streams and the fleet summary hear of events as they are stored. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(HostEventListener l) {
        listeners.add(l);
    }

    void removeListener(HostEventListener l) {
        listeners.remove(l);
    }

    /** A stored batch: to the webhooks, then to each listener (one that throws does not stop the others). */
    private void stored(List<HostEvent> events) {
        webhooks.deliver(events);
        for (HostEventListener l : listeners) {
            try {
                l.stored(events);
            } catch (RuntimeException e) {
                LOG.warn("Kiln events: listener {} failed on {} event(s): {}", l.getClass().getName(), events.size(), e.toString());
            }
        }
    }

    // ---------------------------------------------------------------- HostEvents

    @Override
    public void record(String host, EventSource source, String type, String detail) {
        try {
            if (host == null || host.isBlank() || host.length() > MAX_HOST) {
                throw new IllegalArgumentException("host name must be 1-" + MAX_HOST + " characters");
            }
            writer.offer(new HostEvent(0, host, clock.instant(), source, type, clean(detail)));
        } catch (RuntimeException e) {
            // a recorder's bug must never become the recorder's failure: counted, shown in kiln:status
            refused.incrementAndGet();
            lastRefusedAt = clock.instant();
            String what = "event '" + clip(String.valueOf(type), 70) + "' from " + source + " for host '" + clip(String.valueOf(host), 70) + "': "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            if (lastRefused == null) LOG.warn("Kiln events: not recorded: {}", what);
            else LOG.debug("Kiln events: not recorded: {}", what);
            lastRefused = what;
        }
    }

    @Override
    public List<HostEvent> events(String host, long afterId, int limit) {
        if (host == null || host.isBlank()) throw KilnException.invalid("a host name is required");
        check(afterId, limit);
        return afterId == 0 ? log.newest(host, limit) : log.read(host, afterId, limit);
    }

    @Override
    public List<HostEvent> recent(long afterId, int limit) {
        check(afterId, limit);
        return afterId == 0 ? log.newest(null, limit) : log.read(null, afterId, limit);
    }

    private static void check(long afterId, int limit) {
        if (afterId < 0) throw KilnException.invalid("after must be an event id (0 or more), was " + afterId);
        if (limit < 1 || limit > MAX_LIMIT) throw KilnException.invalid("limit must be 1-" + MAX_LIMIT + ", was " + limit);
    }

    /** One line for an operator: control characters (a client's bytes in a DHCP option) become spaces; long ones are cut. */
    static String clean(String detail) {
        if (detail == null) return "";
        return clip(CONTROL.matcher(detail).replaceAll(" "), MAX_DETAIL);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    // ---------------------------------------------------------------- retention

    private void pruneIfDue() {
        Instant last = lastPrune;
        if (last == null || !clock.instant().isBefore(last.plus(settings.pruneEvery()))) pruneNow();
    }

    /** Deletes the events retention no longer keeps; a failure is remembered for the status and tried at the next check. */
    void pruneNow() {
        EventSettings s = settings;
        Instant now = clock.instant();
        try {
            long n = log.prune(now.minus(s.retention()), s.keepPerHost());
            pruned.addAndGet(n);
            lastPrune = now;
            pruneFault = null;
            if (n > 0) LOG.info("Kiln events: deleted {} event(s) older than {} days or beyond {} per host", n, s.retention().toDays(), s.keepPerHost());
        } catch (RuntimeException e) {
            if (pruneFault == null) LOG.warn("Kiln events: cannot delete old events: {} (tried again in a minute)", e.getMessage());
            pruneFault = e.getMessage();
        }
    }

    // ---------------------------------------------------------------- health

    @Override
    public String subsystem() {
        return "events";
    }

    @Override
    public Health health() {
        EventSettings s = settings;
        Instant recent = clock.instant().minus(RECENT);
        List<String> why = new ArrayList<>(s.problems());
        EventWriter.Failure f = writer.failure();
        if (f != null) {
            why.add("cannot store events since " + f.since() + ": " + f.reason() + " (" + writer.queued() + " waiting in memory, at most "
                    + s.queueSize() + ")");
        }
        Instant drop = writer.lastDrop();
        if (drop != null && drop.isAfter(recent)) {
            why.add(writer.dropped() + " event(s) dropped since Kiln started, the last at " + drop + ": the queue of " + s.queueSize()
                    + " was full (the store is down or too slow; queueSize)");
        }
        if (writer.lost() > 0) why.add(writer.lost() + " event(s) refused by the store since Kiln started: " + writer.lostReason());
        Instant bad = lastRefusedAt;
        if (bad != null && bad.isAfter(recent)) {
            why.add(refused.get() + " event(s) not recorded since Kiln started (a fault of the part of Kiln that recorded them), the last at "
                    + bad + ": " + lastRefused);
        }
        String pf = pruneFault;
        if (pf != null) why.add("cannot delete old events: " + pf);
        why.addAll(webhooks.problems(recent));
        return why.isEmpty() ? Health.up() : Health.degraded(String.join("; ", why));
    }

    // ---------------------------------------------------------------- for tests

    EventWriter writer() {
        return writer;
    }

    Webhooks webhooks() {
        return webhooks;
    }

    long pruned() {
        return pruned.get();
    }
}
