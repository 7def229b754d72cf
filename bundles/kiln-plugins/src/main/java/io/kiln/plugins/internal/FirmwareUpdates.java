package io.kiln.plugins.internal;

import io.kiln.api.KilnException;
import io.kiln.api.hardware.FirmwareChange;
import io.kiln.api.hardware.FirmwareItem;
import io.kiln.api.hardware.FirmwareUpdate;
import io.kiln.spi.vendor.UpdateProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The firmware updates Kiln started, kept in memory, and the small scheduler that follows them: each running update's
 * progress is asked every {@code firmwarePollSeconds} on the scheduler's own two threads (never a caller's or a
 * network thread; each ask is a bounded call into the plugin) until the plugin says DONE or FAILED, or
 * {@code firmwareUpdateMinutes} pass. Once DONE, the firmware inventory is read again and the difference from the one
 * read before is kept with the update.
 */
final class FirmwareUpdates {
    private static final Logger LOG = LoggerFactory.getLogger(FirmwareUpdates.class);
    /** Progress asks that may fail in a row (a BMC busy, rebooting) before Kiln calls the update FAILED. */
    static final int MAX_FAILED_POLLS = 5;
    /** Ended updates kept per host (the oldest go first). */
    static final int KEPT_PER_HOST = 20;

    /** Told of each update's start, then of its end, in that order. */
    interface Listener {
        Listener NONE = new Listener() {
        };

        default void started(FirmwareUpdate u) {
        }

        default void ended(FirmwareUpdate u) {
        }
    }

    /** One call into the plugin that asks how the update stands. */
    @FunctionalInterface
    interface Progress {
        UpdateProgress ask();
    }

    /** One call into the plugin that reads the firmware inventory. */
    @FunctionalInterface
    interface Inventory {
        List<FirmwareItem> read();
    }

    private final class Tracked {
        final long seq;
        final Progress progress;
        final Inventory inventory;
        final List<FirmwareItem> before;
        final long startNanos = System.nanoTime();
        final CompletableFuture<FirmwareUpdate> ended = new CompletableFuture<>();
        final AtomicInteger failedPolls = new AtomicInteger();
        volatile FirmwareUpdate now;

        Tracked(long seq, FirmwareUpdate first, List<FirmwareItem> before, Progress progress, Inventory inventory) {
            this.seq = seq;
            this.now = first;
            this.before = before;
            this.progress = progress;
            this.inventory = inventory;
        }
    }

    private final Supplier<PluginSettings> settings;
    private final Clock clock;
    /** Told when an update starts and when it ends (the host's timeline); must not block. */
    private final Listener listener;
    private final ScheduledThreadPoolExecutor timer;
    private final Map<String, Tracked> updates = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    FirmwareUpdates(Supplier<PluginSettings> settings, Clock clock) {
        this(settings, clock, Listener.NONE);
    }

    FirmwareUpdates(Supplier<PluginSettings> settings, Clock clock, Listener listener) {
        this.settings = settings;
        this.clock = clock;
        this.listener = listener;
        AtomicInteger n = new AtomicInteger();
        this.timer = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "kiln-firmware-updates-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Keeps an update the plugin has just started and follows it.
     *
     * @param first    what the plugin answered when asked to start it
     * @param before   the firmware inventory read before it started
     * @param progress asks the plugin how it stands (the plugin's task id is the caller's business)
     * @param after    reads the inventory once it is DONE
     */
    FirmwareUpdate start(String host, String plugin, String image, boolean push, List<FirmwareItem> before, UpdateProgress first, Progress progress,
                         Inventory after) {
        long seq = ids.incrementAndGet();
        FirmwareUpdate.State state = first.state() == null ? FirmwareUpdate.State.RUNNING : FirmwareUpdate.State.valueOf(first.state().name());
        FirmwareUpdate u = new FirmwareUpdate("fw-" + seq, host, plugin, image, push, clock.instant(), null, FirmwareUpdate.State.RUNNING,
                first.percent(), first.message(), List.of());
        Tracked t = new Tracked(seq, u, List.copyOf(before), progress, after);
        updates.put(u.id(), t);
        forget(host);
        LOG.info("Firmware update {} of host '{}' started (plugin '{}', image {}, {}): {}", u.id(), host, plugin, image, push ? "pushed" : "pulled by the BMC",
                u.message());
        tell(listener::started, u);
        if (state == FirmwareUpdate.State.RUNNING && (first.taskId() == null || first.taskId().isBlank())) {
            end(t, FirmwareUpdate.State.FAILED, -1, "plugin '" + plugin + "' started the update but gave no task id to follow it by");
        } else if (state == FirmwareUpdate.State.RUNNING) {
            schedule(t);
        } else if (!timer.isShutdown()) {
            timer.execute(() -> ended(t, state, first.percent(), first.message()));
        }
        return t.now;
    }

    Optional<FirmwareUpdate> get(String host, String id) {
        Tracked t = updates.get(id);
        return t == null || !t.now.host().equals(host) ? Optional.empty() : Optional.of(t.now);
    }

    /** The host's updates, newest first. */
    List<FirmwareUpdate> of(String host) {
        return updates.values().stream().filter(t -> t.now.host().equals(host)).sorted(Comparator.comparingLong((Tracked t) -> t.seq).reversed())
                .map(t -> t.now).toList();
    }

    /** The update once it has ended, or as it stands after {@code atMost}. */
    Optional<FirmwareUpdate> await(String host, String id, Duration atMost) {
        Tracked t = updates.get(id);
        if (t == null || !t.now.host().equals(host)) return Optional.empty();
        try {
            return Optional.of(t.ended.get(Math.max(0, atMost.toMillis()), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.of(t.now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KilnException(KilnException.Kind.UNAVAILABLE, "interrupted while waiting for firmware update " + id + " of host '" + host + "'");
        } catch (ExecutionException e) {
            return Optional.of(t.now);
        }
    }

    void close() {
        timer.shutdownNow();
    }

    private void schedule(Tracked t) {
        if (timer.isShutdown()) return;
        timer.schedule(() -> poll(t), settings.get().firmwarePoll().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll(Tracked t) {
        Duration limit = settings.get().firmwareLimit();
        if (System.nanoTime() - t.startNanos > limit.toNanos()) {
            end(t, FirmwareUpdate.State.FAILED, t.now.percent(), "no end reported within " + minutes(limit)
                    + " (firmwareUpdateMinutes in " + PluginSettings.FILE + "); its last word: " + t.now.message());
            return;
        }
        UpdateProgress p;
        try {
            p = t.progress.ask();
        } catch (RuntimeException e) {
            int failed = t.failedPolls.incrementAndGet();
            if (failed >= MAX_FAILED_POLLS) {
                end(t, FirmwareUpdate.State.FAILED, t.now.percent(), "its progress could not be read " + failed + " times in a row: " + e.getMessage());
            } else {
                t.now = with(t.now, t.now.state(), t.now.percent(), "its progress could not be read (" + failed + " of " + MAX_FAILED_POLLS
                        + " tries): " + e.getMessage(), null, List.of());
                schedule(t);
            }
            return;
        }
        t.failedPolls.set(0);
        if (p.state() == UpdateProgress.State.RUNNING || p.state() == null) {
            t.now = with(t.now, FirmwareUpdate.State.RUNNING, p.percent(), p.message(), null, List.of());
            schedule(t);
        } else {
            ended(t, FirmwareUpdate.State.valueOf(p.state().name()), p.percent(), p.message());
        }
    }

    /** The plugin says it has ended: once DONE, what changed is read. */
    private void ended(Tracked t, FirmwareUpdate.State state, int percent, String message) {
        if (state == FirmwareUpdate.State.FAILED) {
            end(t, state, percent, message);
            return;
        }
        List<FirmwareChange> changes = List.of();
        String m = message;
        try {
            changes = diff(t.before, t.inventory.read());
            if (changes.isEmpty()) m = (m == null || m.isBlank() ? "" : m + "; ") + "no firmware version changed";
        } catch (RuntimeException e) {
            m = (m == null || m.isBlank() ? "" : m + "; ") + "the firmware inventory after it could not be read: " + e.getMessage();
        }
        t.now = with(t.now, state, percent, m, clock.instant(), changes);
        t.ended.complete(t.now);
        tell(listener::ended, t.now);
        LOG.info("Firmware update {} of host '{}' {}: {}{}", t.now.id(), t.now.host(), state, t.now.message(),
                changes.isEmpty() ? "" : " (" + String.join(", ", changes.stream().map(FirmwareChange::describe).toList()) + ")");
    }

    private void end(Tracked t, FirmwareUpdate.State state, int percent, String message) {
        t.now = with(t.now, state, percent, message, clock.instant(), List.of());
        t.ended.complete(t.now);
        tell(listener::ended, t.now);
        // a failed update is the BMC's or the plugin's news, not a fault of Kiln: WARN, one line
        LOG.warn("Firmware update {} of host '{}' (plugin '{}') {}: {}", t.now.id(), t.now.host(), t.now.plugin(), state, PluginCalls.oneLine(message == null ? "" : message));
    }

    private static void tell(java.util.function.Consumer<FirmwareUpdate> what, FirmwareUpdate u) {
        try {
            what.accept(u);
        } catch (RuntimeException e) {
            LOG.warn("Firmware update {} of host '{}': telling its listener failed: {}", u.id(), u.host(), e.toString());
        }
    }

    private static FirmwareUpdate with(FirmwareUpdate u, FirmwareUpdate.State state, int percent, String message, Instant finished, List<FirmwareChange> changes) {
        return new FirmwareUpdate(u.id(), u.host(), u.plugin(), u.image(), u.push(), u.started(), finished, state,
                percent < -1 || percent > 100 ? -1 : percent, message == null ? "" : PluginCalls.oneLine(message), changes);
    }

    /** Only the newest {@value #KEPT_PER_HOST} ended updates of a host are kept. */
    private void forget(String host) {
        List<Tracked> ended = updates.values().stream().filter(t -> t.now.host().equals(host) && t.now.ended())
                .sorted(Comparator.comparingLong((Tracked t) -> t.seq).reversed()).toList();
        for (Tracked t : ended.subList(Math.min(KEPT_PER_HOST, ended.size()), ended.size())) updates.remove(t.now.id());
    }

    /** What differs between two firmware inventories, matched by component id, in the order of the first. */
    static List<FirmwareChange> diff(List<FirmwareItem> before, List<FirmwareItem> after) {
        Map<String, FirmwareItem> later = new LinkedHashMap<>();
        for (FirmwareItem i : after) later.put(i.id(), i);
        List<FirmwareChange> out = new ArrayList<>();
        for (FirmwareItem b : before) {
            FirmwareItem a = later.remove(b.id());
            if (a == null) out.add(new FirmwareChange(label(b), b.version(), null));
            else if (!java.util.Objects.equals(a.version(), b.version())) out.add(new FirmwareChange(label(a), b.version(), a.version()));
        }
        for (FirmwareItem a : later.values()) out.add(new FirmwareChange(label(a), null, a.version()));
        return out;
    }

    private static String label(FirmwareItem i) {
        return i.name() == null || i.name().isBlank() ? i.id() : i.name();
    }

    private static String minutes(Duration d) {
        return d.toMinutes() >= 1 && d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toMillis() + " ms";
    }
}
