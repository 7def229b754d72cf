package io.kiln.plugins.internal;

import io.kiln.api.KilnException;
import io.kiln.spi.vendor.PluginException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads one plugin's code runs on: at most {@code maxCalls} at once, so a plugin that hangs holds its own
 * threads and no other plugin's. The caller waits with a time limit; whatever goes wrong (an exception, an error, a
 * hang, no answer) comes back as one line naming the plugin, the host and the call.
 */
final class PluginCalls {
    /** How a call about a BMC no host has yet names it instead of a host (a host name has no space). */
    static final String BMC_SUBJECT = "BMC ";
    private final String plugin;
    private final int maxCalls;
    private final ThreadPoolExecutor pool;
    /** Calls that hold a thread of this plugin: released when a call ends, not when its caller stops waiting. */
    private final Semaphore slots;

    /** How each call ended, by plugin (the registry's, shared by every plugin's calls). */
    private final PluginCallCounts counts;

    PluginCalls(String plugin, int maxCalls) {
        this(plugin, maxCalls, new PluginCallCounts());
    }

    PluginCalls(String plugin, int maxCalls, PluginCallCounts counts) {
        this.counts = counts;
        this.plugin = plugin;
        this.maxCalls = maxCalls;
        AtomicInteger n = new AtomicInteger();
        this.slots = new Semaphore(maxCalls);
        // no queue: a call gets a thread now or fails now, it never waits behind a hung one; the slots bound the threads
        this.pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "kiln-plugin-" + plugin + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    String plugin() {
        return plugin;
    }

    /**
     * Runs {@code call} on this plugin's threads and waits at most {@code timeout}.
     *
     * @param host      for the message, or null when the call is not about a host
     * @param operation for the message, e.g. "power state"
     * @return its answer, never null
     * @throws KilnException UNAVAILABLE with one line when it threw, took too long, answered null or could not start
     */
    <T> T call(String host, String operation, Duration timeout, PluginCall<T> call) {
        PluginCallCounts.Outcome[] outcome = {PluginCallCounts.Outcome.UNAVAILABLE};
        try {
            T value = attempt(host, operation, timeout, call, outcome);
            outcome[0] = PluginCallCounts.Outcome.OK;
            return value;
        } finally {
            counts.count(plugin, outcome[0]);
        }
    }

    private <T> T attempt(String host, String operation, Duration timeout, PluginCall<T> call, PluginCallCounts.Outcome[] outcome) {
        if (pool.isShutdown()) throw failed(host, operation, "the plugin is being removed");
        if (!slots.tryAcquire()) {
            outcome[0] = PluginCallCounts.Outcome.BUSY;
            throw failed(host, operation, "busy: all " + maxCalls + " of its call slots are taken (earlier calls may hang; maxCallsPerPlugin in "
                    + PluginSettings.FILE + ")");
        }
        // 0 waiting for its thread, 1 running, 2 ended or abandoned before it ran: whoever ends it frees its slot, once
        AtomicInteger phase = new AtomicInteger();
        Future<T> f;
        try {
            f = pool.submit(() -> {
                if (!phase.compareAndSet(0, 1)) return null;
                try {
                    return call.call();
                } finally {
                    phase.set(2);
                    slots.release();
                }
            });
        } catch (RejectedExecutionException e) {
            slots.release();
            throw failed(host, operation, "the plugin is being removed");
        }
        T value;
        try {
            value = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            outcome[0] = PluginCallCounts.Outcome.TIMEOUT;
            abandon(f, phase);
            throw failed(host, operation, "no answer within " + seconds(timeout) + " (callTimeoutSeconds in " + PluginSettings.FILE + ")");
        } catch (ExecutionException e) {
            outcome[0] = PluginCallCounts.Outcome.FAILED;
            throw failed(host, operation, describe(e.getCause()));
        } catch (InterruptedException e) {
            abandon(f, phase);
            Thread.currentThread().interrupt();
            throw failed(host, operation, "interrupted while waiting for the plugin");
        } catch (java.util.concurrent.CancellationException e) {
            throw failed(host, operation, "the plugin was removed while the call ran");
        }
        if (value == null) {
            outcome[0] = PluginCallCounts.Outcome.FAILED;
            throw failed(host, operation, "the plugin answered nothing (null)");
        }
        return value;
    }

    /** The caller stops waiting: the call is interrupted; a hung one keeps its slot until it really ends. */
    private void abandon(Future<?> f, AtomicInteger phase) {
        f.cancel(true);
        if (phase.compareAndSet(0, 2)) slots.release();
    }

    /** Like {@link #call} for calls that answer nothing. */
    void run(String host, String operation, Duration timeout, PluginCall<Void> call) {
        call(host, operation, timeout, () -> {
            call.call();
            return Boolean.TRUE;
        });
    }

    /** No new calls; running ones finish (or are interrupted by {@link #interrupt}). */
    void retire() {
        pool.shutdown();
    }

    /** Interrupts whatever still runs after {@link #retire}: its threads are not kept for a plugin that is gone. */
    void interrupt() {
        pool.shutdownNow();
    }

    /** Calls running in the plugin now (hung ones included). */
    int running() {
        return maxCalls - slots.availablePermits();
    }

    private KilnException failed(String host, String operation, String what) {
        return new KilnException(KilnException.Kind.UNAVAILABLE, oneLine("plugin '" + plugin + "' failed " + operation + (host == null ? "" : host.startsWith(BMC_SUBJECT) ? " for " + host : " for host '" + host + "'") + ": " + what));
    }

    static String describe(Throwable t) {
        if (t instanceof PluginException p) {
            return (p.getMessage() == null ? "no reason given" : p.getMessage()) + (p.isTransient() ? " (transient: trying again later may work)" : "");
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m) + " (a fault in the plugin)";
    }

    static String oneLine(String s) {
        String flat = s.replaceAll("\\s*[\\r\\n]+\\s*", " ");
        return flat.length() > 400 ? flat.substring(0, 400) + "..." : flat;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
