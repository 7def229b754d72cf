package io.kiln.dhcp.internal;

import io.kiln.api.dhcp.LeaseState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * How many addresses of each pool are taken now (offered or bound, not lapsed), for the status and for the
 * nearly-exhausted warning, which checks at most every {@code CHECK_MILLIS} (counting walks every lease).
 */
final class PoolUsage {
    static final long CHECK_MILLIS = 2000;
    private final LeaseStore leases;
    private final DhcpAlerts alerts;
    private final int warnPercent;
    private long checkedAt = Long.MIN_VALUE;

    /** Where the walk over every lease runs: not on the event loop, which would stall the answers for it. */
    private final Executor walker;
    private boolean walking;

    PoolUsage(LeaseStore leases, DhcpAlerts alerts, int warnPercent, Executor walker) {
        this.walker = walker;
        this.leases = leases;
        this.alerts = alerts;
        this.warnPercent = warnPercent;
    }

    /** Addresses of each pool's range in use, by pool name (a reservation outside the range is not one of them). */
    static Map<String, Integer> inUse(LeaseStore leases, List<PoolConfig> pools, long nowSeconds) {
        Map<String, PoolConfig> byName = new HashMap<>();
        for (PoolConfig p : pools) byName.put(p.name(), p);
        Map<String, Integer> out = new HashMap<>();
        for (LeaseEntry e : leases.all()) {
            PoolConfig p = byName.get(e.pool());
            if (p != null && p.inRange(e.ip()) && (e.state() == LeaseState.BOUND || e.state() == LeaseState.OFFERED) && e.expires() > nowSeconds) {
                out.merge(e.pool(), 1, Integer::sum);
            }
        }
        return out;
    }

    /**
     * Raises or clears each pool's warning, on the walker; does nothing when the last check was under CHECK_MILLIS
     * ago or is still running (at 60,000 leases a walk takes milliseconds, answers queued behind it would leave in a
     * burst).
     */
    void check(List<PoolConfig> pools, long nowMillis) {
        synchronized (this) {
            if (walking || nowMillis - checkedAt < CHECK_MILLIS && checkedAt != Long.MIN_VALUE) return;
            checkedAt = nowMillis;
            walking = true;
        }
        try {
            walker.execute(() -> {
                try {
                    walk(pools, nowMillis);
                } finally {
                    synchronized (this) {
                        walking = false;
                    }
                }
            });
        } catch (RejectedExecutionException e) { // shutting down
            synchronized (this) {
                walking = false;
            }
        }
    }

    private void walk(List<PoolConfig> pools, long nowMillis) {
        Map<String, Integer> used = inUse(leases, pools, nowMillis / 1000);
        for (PoolConfig p : pools) {
            int n = used.getOrDefault(p.name(), 0);
            String key = "pool " + p.name();
            if (n * 100L >= (long) warnPercent * p.size()) {
                alerts.raise(key, "pool " + p.name() + " nearly exhausted: " + n + " of " + p.size() + " addresses offered or bound (poolWarnPercent "
                        + warnPercent + ")", nowMillis);
            } else {
                alerts.clear(key);
            }
        }
    }
}
