package io.kiln.api.store;

import io.kiln.api.events.HostEvent;
import java.time.Instant;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Hosts' events as the database keeps them: an append-only table whose ids increase in the order events were
 * stored, read per host or for all hosts. {@link io.kiln.api.events.HostEvents} (kiln-events) is its only writer; it
 * queues, batches and prunes, and everything else reads the timeline through it.
 *
 * <p>Ids come from the database (an identity column): increasing, but with gaps (a rolled-back batch uses ids
 * too), and when several appliances share one PostgreSQL, a batch that commits late may hold ids lower than one a
 * reader has already seen. One appliance has one writer, so on one appliance ids are visible in order.
 *
 * <p>Hosts are 1-255 characters; types as {@link HostEvent} checks them. Every method throws
 * {@link io.kiln.api.KilnException}: INVALID for bad arguments, UNAVAILABLE when the database fails (nothing was
 * changed then).
 */
@ProviderType
public interface EventLog {

    /**
     * Stores a batch of events in one transaction: all of them, or none.
     *
     * @param batch events in the order they happened; their {@link HostEvent#id() ids} are ignored
     * @return the events as stored, in the same order, each with its new id
     */
    List<HostEvent> append(List<HostEvent> batch);

    /**
     * Events with an id greater than {@code afterId}, oldest first, at most {@code limit}.
     *
     * @param host one host's, or null for every host's
     */
    List<HostEvent> read(String host, long afterId, int limit);

    /**
     * The newest {@code limit} events, oldest first.
     *
     * @param host one host's, or null for every host's
     */
    List<HostEvent> newest(String host, int limit);

    /**
     * Deletes what is no longer kept: every event older than {@code olderThan}, and of each host every event but its
     * newest {@code keepPerHost}.
     *
     * @return how many events were deleted
     */
    long prune(Instant olderThan, int keepPerHost);
}
