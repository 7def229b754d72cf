package io.kiln.events.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiln.api.events.HostEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured webhooks, one {@link WebhookCourier} each: stored events are handed to every courier whose types
 * they match. A changed configuration replaces only the couriers whose webhook changed (their waiting events move to
 * the new one); a removed webhook's waiting events are dropped.
 *
 * <p>The body of every delivery is one event as a JSON object:
 * {@code {"id":42,"host":"edge-01","at":"2026-03-01T10:15:30.123456Z","source":"DHCP","type":"dhcp-ack","detail":"..."}}.
 */
final class Webhooks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);

    private final Supplier<EventSettings> settings;
    private final Function<EventSettings, Duration> firstRetry;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    /** By name, in the configuration's order; replaced whole (copy on write) so deliveries read it without a lock. */
    private volatile Map<String, WebhookCourier> couriers = Map.of();

    Webhooks(Supplier<EventSettings> settings, Function<EventSettings, Duration> firstRetry, Clock clock) {
        this.settings = settings;
        this.firstRetry = firstRetry;
        this.clock = clock;
    }

    /** Brings the couriers in line with the settings' webhooks. */
    synchronized void configure(EventSettings s) {
        Map<String, WebhookCourier> before = couriers;
        Map<String, WebhookCourier> now = new LinkedHashMap<>();
        for (Webhook w : s.webhooks()) {
            WebhookCourier old = before.get(w.name());
            if (old != null && old.hook().sameAs(w) && old.timeout().equals(s.webhookTimeout())) {
                now.put(w.name(), old);
                continue;
            }
            WebhookCourier c = new WebhookCourier(w, settings, firstRetry, this::body, clock);
            if (old != null) {
                old.close();
                old.drain().forEach(c::offer);
            }
            now.put(w.name(), c);
            LOG.info("Kiln webhook '{}': {} for event types {}", w.name(), WebhookCourier.where(w.url()), String.join(", ", w.types()));
        }
        couriers = java.util.Collections.unmodifiableMap(now);
        for (Map.Entry<String, WebhookCourier> e : before.entrySet()) {
            if (now.containsKey(e.getKey())) continue;
            e.getValue().close();
            int left = e.getValue().drain().size();
            LOG.info("Kiln webhook '{}' removed{}", e.getKey(), left == 0 ? "" : ": " + left + " event(s) it had not delivered are dropped");
        }
    }

    /** Hands stored events to the webhooks that want them; never waits. */
    void deliver(List<HostEvent> stored) {
        Map<String, WebhookCourier> all = couriers;
        if (all.isEmpty()) return;
        for (HostEvent e : stored) {
            for (WebhookCourier c : all.values()) if (c.hook().wants(e.type())) c.offer(e);
        }
    }

    /** The JSON body of one event (see the class comment). */
    byte[] body(HostEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("host", e.host());
        m.put("at", e.at().toString());
        m.put("source", e.source().name());
        m.put("type", e.type());
        m.put("detail", e.detail());
        try {
            return mapper.writeValueAsBytes(m);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException("cannot write an event as JSON", x); // a map of strings and a number: never
        }
    }

    /**
     * What is wrong with the webhooks now, one line each: a webhook whose last delivery failed (until one succeeds),
     * and one that dropped events since {@code recentSince}.
     */
    List<String> problems(Instant recentSince) {
        List<String> out = new ArrayList<>();
        for (WebhookCourier c : couriers.values()) {
            String who = "webhook '" + c.hook().name() + "' (" + WebhookCourier.where(c.hook().url()) + ")";
            WebhookCourier.Failure f = c.failing();
            if (f != null) {
                out.add(who + ": the last delivery failed at " + f.at() + " after " + f.tries() + " tr" + (f.tries() == 1 ? "y" : "ies") + ": "
                        + f.reason() + " (" + c.failed() + " of " + (c.failed() + c.delivered()) + " deliveries failed since Kiln started, "
                        + c.waiting() + " waiting)");
            }
            Instant drop = c.lastDrop();
            if (drop != null && drop.isAfter(recentSince)) {
                out.add(who + ": " + c.dropped() + " event(s) dropped since Kiln started, the last at " + drop + ": its queue of "
                        + settings.get().webhookQueueSize() + " was full (the receiver is slow or down; webhookQueueSize)");
            }
        }
        return out;
    }

    /** The couriers now, for tests. */
    Map<String, WebhookCourier> couriers() {
        return couriers;
    }

    @Override
    public synchronized void close() {
        for (WebhookCourier c : couriers.values()) c.close();
        couriers = Map.of();
    }
}
