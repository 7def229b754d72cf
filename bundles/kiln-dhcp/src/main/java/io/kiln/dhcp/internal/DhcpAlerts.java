package io.kiln.dhcp.internal;

import io.kiln.api.dhcp.DhcpEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conditions an operator must know about while they last (a pool nearly exhausted, another DHCP server answering on
 * the boot network): shown in kiln:dhcp-status and GET /api/v1/dhcp/status, and raised as a warning in the Kiln log
 * and the DHCP event log (kiln:dhcp-log) when they start, and again every {@code REPEAT_MILLIS} while they last.
 */
final class DhcpAlerts {
    private static final Logger LOG = LoggerFactory.getLogger(DhcpAlerts.class);
    static final long REPEAT_MILLIS = 600_000;
    private final DhcpEventLog events;
    private final Map<String, String> current = new LinkedHashMap<>();
    private final Map<String, Long> raisedAt = new LinkedHashMap<>();

    DhcpAlerts(DhcpEventLog events) {
        this.events = events;
    }

    /** Sets the alert {@code key}; warns when it is new or was last raised long ago. */
    void raise(String key, String message, long nowMillis) {
        boolean warn;
        synchronized (this) {
            current.put(key, message);
            Long at = raisedAt.get(key);
            warn = at == null || nowMillis - at >= REPEAT_MILLIS;
            if (warn) raisedAt.put(key, nowMillis);
        }
        if (!warn) return;
        LOG.warn("DHCP: {}", message);
        if (events != null) events.add(new DhcpEvent(Instant.ofEpochMilli(nowMillis), "-", "WARNING", null, false, "none", null, null, message));
    }

    /** Ends the alert {@code key} (logged when it was set); raised again, it warns again. */
    void clear(String key) {
        String was;
        synchronized (this) {
            was = current.remove(key);
            raisedAt.remove(key);
        }
        if (was != null) LOG.info("DHCP: no longer: {}", was);
    }

    synchronized List<String> list() {
        return new ArrayList<>(current.values());
    }
}
